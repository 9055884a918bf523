import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { derivedServiceRange } from '../../src/services/derived-service-range.js';
import { removeServiceNetwork } from '../../src/services/remove-service-network.js';
import { listNodeContainers, removeNodeContainers } from './docker.js';
import { removeHostLeftovers } from './host-leftovers.js';

/** The repository root: this file is test/helpers/agent-harness.ts. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO_ROOT, 'bin', 'minikubelet');
/** The node flags on the executable's first line (`#!/usr/bin/env -S node --flag…`): agents and CLIs here run as installed. */
export const NODE_FLAGS = readFileSync(BIN, 'utf8').split('\n', 1)[0]!.split(/\s+/).filter((word) => word.startsWith('--'));
export const TEST_PAUSE_IMAGE = 'minikubelet/pause:3.10';

export interface StartAgentOptions {
  extraArgs?: string[];
  /** Defaults to a fresh temp dir, removed by cleanup(). */
  manifestDir?: string;
  /** Defaults to a fresh temp dir, removed by cleanup(). */
  rootDir?: string;
  /** Defaults to `e2e-<random>`, so agents of parallel test files never touch each other's containers. */
  nodeName?: string;
  /** Wait until the API socket exists (default true); fails early with the logs if the agent exits. */
  waitReady?: boolean;
  /** Extra environment for the agent process (e.g. MINIKUBELET_TEST_KILL_AT). */
  env?: Record<string, string>;
}

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is awaited, for the failure message: "pod web Running". */
  what?: string;
  /** Checked after each miss: a reason to give up now rather than at the timeout (the agent died). */
  giveUpIf?: () => string | undefined;
}

export interface WaitForUntilOptions<T> extends WaitForOptions {
  /** Done when this holds for fn's value; the last value is then what the failure message shows. */
  until: (value: T) => boolean;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Polls `fn` until it returns a truthy value (or, with `until`, a value that satisfies it), then
 * returns that value. A throw counts as "not yet". On timeout the error names `what` and the last
 * value or error seen.
 */
export function waitFor<T>(fn: () => T | Promise<T>, options: WaitForUntilOptions<T>): Promise<T>;
export function waitFor<T>(fn: () => T | Promise<T>, options?: WaitForOptions): Promise<NonNullable<T>>;
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  options: WaitForOptions & { until?: (value: T) => boolean } = {},
): Promise<T> {
  const { timeoutMs = 90_000, intervalMs = 250, what = 'condition', until = Boolean, giveUpIf } = options;
  const deadline = Date.now() + timeoutMs;
  let lastSeen: string;
  for (;;) {
    try {
      const value = await fn();
      if (until(value)) return value;
      lastSeen = `returned ${show(value)}`;
    } catch (err) {
      lastSeen = `threw ${err instanceof Error ? err.message : String(err)}`;
    }
    const givenUp = giveUpIf?.();
    if (givenUp !== undefined) throw new Error(`Gave up waiting for ${what}: ${givenUp}; last: ${lastSeen}`);
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${lastSeen}`);
    await sleep(intervalMs);
  }
}

export class AgentHarness {
  private readonly output: string[] = [];
  private readonly exited: Promise<ExitResult>;
  private exitResult: ExitResult | undefined;

  constructor(
    readonly manifestDir: string,
    readonly rootDir: string,
    readonly nodeName: string,
    readonly process: ChildProcess,
    private readonly ownedDirs: string[],
  ) {
    const child = process;
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': the output is complete by then.
      child.on('close', (code, signal) => {
        this.exitResult = { code, signal };
        resolve(this.exitResult);
      });
    });
  }

  /** Everything the agent printed so far, stdout and stderr interleaved. */
  logs(): string {
    return this.output.join('');
  }

  get running(): boolean {
    return this.exitResult === undefined;
  }

  /** How the agent exited; undefined while it runs. */
  get exitStatus(): ExitResult | undefined {
    return this.exitResult;
  }

  /** Sends `signal` and waits for the agent to exit; SIGKILL (and an error) after timeoutMs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<ExitResult> {
    if (this.exitResult) return this.exitResult;
    this.process.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result) return result;
    await this.kill();
    throw new Error(`Agent did not exit within ${timeoutMs} ms of ${signal}; killed. Logs:\n${this.tail()}`);
  }

  async kill(): Promise<ExitResult> {
    if (this.exitResult) return this.exitResult;
    this.process.kill('SIGKILL');
    return this.exited;
  }

  /** Writes a manifest atomically (a dotfile renamed into place: the agent ignores dotfiles). */
  async writeManifest(name: string, yaml: string): Promise<string> {
    const path = join(this.manifestDir, name);
    const temp = join(this.manifestDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(temp, yaml);
    await rename(temp, path);
    return path;
  }

  async removeManifest(name: string): Promise<void> {
    await rm(join(this.manifestDir, name), { force: true });
  }

  /**
   * Runs `./bin/minikubelet <args> --root-dir <rootDir>`. The flag goes before a `--` (so `exec … -- cmd`
   * works) and is left out for `validate`, which needs no agent.
   */
  cli(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
    const separator = args.indexOf('--');
    const withRoot =
      args[0] === 'validate'
        ? args
        : separator < 0
          ? [...args, '--root-dir', this.rootDir]
          : [...args.slice(0, separator), '--root-dir', this.rootDir, ...args.slice(separator)];
    return runCli(withRoot, options);
  }

  /** waitFor, with the tail of the agent's logs in the failure message. */
  waitFor<T>(fn: () => T | Promise<T>, options: WaitForUntilOptions<T>): Promise<T>;
  waitFor<T>(fn: () => T | Promise<T>, options?: WaitForOptions): Promise<NonNullable<T>>;
  async waitFor<T>(fn: () => T | Promise<T>, options: WaitForOptions & { until?: (value: T) => boolean } = {}): Promise<T> {
    // An agent that failed on its own (exit code, no signal: a flag, a port taken) will not
    // bring the condition about: say so now, not at the timeout. One killed by a signal may be
    // what the test waits for.
    const died = () => (this.exitResult && this.exitResult.code !== 0 && this.exitResult.signal === null ? `the agent exited with code ${this.exitResult.code}` : undefined);
    try {
      return await waitFor(fn, { giveUpIf: died, ...options } as WaitForUntilOptions<T>);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nAgent logs (tail):\n${this.tail()}`, { cause: err });
    }
  }

  /** Kills the agent, removes every container of this node, its Service network and the temp dirs the harness made. */
  async cleanup(): Promise<void> {
    await this.kill();
    await removeServiceNetwork(this.nodeName, pino({ level: 'silent' }));
    const podUids = [...new Set((await listNodeContainers(this.nodeName)).map((c) => c.Labels['io.kubernetes.pod.uid'] ?? ''))].filter(Boolean);
    await removeNodeContainers(this.nodeName);
    await removeHostLeftovers(this.rootDir, podUids);
    await Promise.all(this.ownedDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.cleanup();
  }

  private tail(lines = 30): string {
    return this.logs().trimEnd().split('\n').slice(-lines).join('\n');
  }
}

/** Starts `minikubelet run` on temp dirs with a unique node name and the local pause image. */
export async function startAgent(options: StartAgentOptions = {}): Promise<AgentHarness> {
  const ownedDirs: string[] = [];
  const manifestDir = options.manifestDir ?? (await tempDir('minikubelet-e2e-manifests-', ownedDirs));
  const rootDir = options.rootDir ?? (await tempDir('minikubelet-e2e-root-', ownedDirs));
  const nodeName = options.nodeName ?? `e2e-${randomBytes(4).toString('hex')}`;
  const args = [
    ...NODE_FLAGS,
    BIN,
    'run',
    '--manifest-dir', manifestDir,
    '--root-dir', rootDir,
    '--node-name', nodeName,
    '--pause-image', TEST_PAUSE_IMAGE,
    // Image GC and disk-pressure eviction off: tests share one engine (its images, its disk) with
    // each other and with CI's other jobs, whose disk may be nearly full. The image GC and disk
    // pressure tests turn them on again (a later flag wins), on their own images and pods.
    '--image-gc-high-threshold', '100',
    // Parallel agents on one machine: each its own free port for the HTTPS API (6443 is the default).
    '--api-port', '0',
    // Each agent its own Service range (derived from its node name), as agents running at once must.
    ...(options.extraArgs?.includes('--service-cluster-ip-range') ? [] : ['--service-cluster-ip-range', derivedServiceRange(nodeName).text]),
    '--eviction-hard', '',
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  const agent = new AgentHarness(manifestDir, rootDir, nodeName, child, ownedDirs);
  if (options.waitReady ?? true) {
    try {
      await waitUntilListening(agent, join(rootDir, 'minikubelet.sock'), 30_000);
    } catch (err) {
      await agent.cleanup();
      throw new Error(`${(err as Error).message}\nAgent logs:\n${agent.logs()}`, { cause: err });
    }
  }
  return agent;
}

/** Runs the CLI with arguments as given (no --root-dir added). */
export function runCli(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const { input, timeoutMs = 60_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, BIN, ...args], { cwd: REPO_ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`minikubelet ${args.join(' ')} did not finish within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

async function waitUntilListening(agent: AgentHarness, socket: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(socket)) {
    const exit = agent.exitStatus;
    if (exit) throw new Error(`The agent exited (code ${exit.code}, signal ${exit.signal}) before opening ${socket}`);
    if (Date.now() >= deadline) throw new Error(`The agent did not open ${socket} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function tempDir(prefix: string, owned: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  owned.push(dir);
  return dir;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
