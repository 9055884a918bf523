/**
 * Runs the real kubectl (/usr/bin/kubectl, or $KUBECTL) against an agent's HTTPS API, with its
 * own discovery cache dir, for the kubectl e2e tests. `hasKubectl` lets a test file skip with a
 * clear message where kubectl is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { CliResult } from './agent-harness.js';

export const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';
export const hasKubectl = existsSync(KUBECTL);

export class Kubectl {
  constructor(
    private readonly kubeconfig: string,
    private readonly cacheDir: string,
  ) {}

  private argv(args: string[]): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir, ...args];
  }

  /** Runs to completion (killed after timeoutMs, which fails with what it printed). */
  run(args: string[], timeoutMs = 60_000): Promise<CliResult> {
    return this.runWithInput(args, undefined, timeoutMs);
  }

  /** `run`, with `input` written to kubectl's stdin (then closed): `apply -f -`, `exec -i`. */
  runWithInput(args: string[], input: string | undefined, timeoutMs = 60_000): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(KUBECTL, this.argv(args), { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      if (input !== undefined) child.stdin?.end(input);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} did not finish within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
      }, timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Starts a long-running kubectl (`get -w`, `logs -f`); the caller reads `output()` and stops it. */
  start(args: string[]): { child: ChildProcess; output: () => string; stop: () => void } {
    const child = spawn(KUBECTL, this.argv(args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    return { child, output: () => output, stop: () => void child.kill('SIGKILL') };
  }
}
