import { spawn } from 'node:child_process';

/** A host tool (`ip`, `iptables-restore`) that exited non-zero: its command line and stderr. */
export class HostCommandError extends Error {
  constructor(readonly command: string, readonly stderr: string, readonly code: number | null) {
    super(`${command} failed (exit ${code ?? 'signal'}): ${stderr.trim() || 'no message'}`);
  }
}

/** Runs a host tool with `input` on its stdin; resolves with its stdout, rejects with HostCommandError. */
export function runHostCommand(file: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => reject(new HostCommandError(`${file} ${args.join(' ')}`, err.message, null)));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new HostCommandError(`${file} ${args.join(' ')}`, stderr, code))));
    // A tool that exits before reading its input (a refused rule) closes the pipe: its exit code says why.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}
