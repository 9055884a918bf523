import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playIdentity, playStateDir } from '../../src/play/play-identity.js';
import { NODE_FLAGS, REPO_ROOT, waitFor } from './agent-harness.js';
import { listNodeContainers, removeNodeContainers } from './docker.js';
import { removeHostLeftovers } from './host-leftovers.js';

const BIN = join(REPO_ROOT, 'bin', 'minikubelet');

/** A `minikubelet play` child process: its output, its exit, and the node name and state dir of its run. */
export class PlayProcess {
  private out = '';
  private err = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (c: Buffer) => (this.out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.err += c.toString()));
    this.exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** Waits until stdout has a line matching `pattern`. */
  async waitForOutput(pattern: RegExp, what: string, timeoutMs = 90_000): Promise<void> {
    try {
      await waitFor(() => pattern.test(this.out), { timeoutMs, what });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nstdout:\n${this.out}\nstderr:\n${this.err}`, { cause: err });
    }
  }
}

/** Who a play runs as. */
export interface PlayUser {
  uid: number;
  gid: number;
  home: string;
}

function currentUser(): PlayUser {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, home: process.env['HOME'] ?? '/root' };
}

/** Temp manifest files for play runs, and the cleanup of every run of them by label, even after a failure. */
export class PlayWorkspace {
  private constructor(readonly dir: string) {}

  static async create(): Promise<PlayWorkspace> {
    return new PlayWorkspace(await mkdtemp(join(tmpdir(), 'minikubelet-play-e2e-')));
  }

  async write(name: string, yaml: string): Promise<string> {
    const file = join(this.dir, name);
    await writeFile(file, yaml);
    return file;
  }

  /** The node name a play of these files runs as (as play derives it). */
  nodeName(files: string[], user: PlayUser = currentUser()): string {
    return playIdentity(files, user.uid).nodeName;
  }

  stateDir(files: string[], user: PlayUser = currentUser()): string {
    return playStateDir(this.nodeName(files, user), { uid: user.uid, env: {}, homedir: user.home });
  }

  /** `minikubelet play ARGS…`, as this process's user or as `user` (its primary group then `user.gid`). */
  play(args: string[], user?: PlayUser): PlayProcess {
    // Another user cannot enter this workspace (mkdtemp makes it 0700): it starts in its home.
    const as = user ? { uid: user.uid, gid: user.gid, cwd: user.home, env: { PATH: process.env['PATH'] ?? '', HOME: user.home } } : { cwd: this.dir, env: process.env };
    return new PlayProcess(spawn(process.execPath, [...NODE_FLAGS, BIN, 'play', ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...as }));
  }

  /** Removes every container, host leftover and state dir of a play of `files`. */
  async cleanup(files: string[], user: PlayUser = currentUser()): Promise<void> {
    const nodeName = this.nodeName(files, user);
    const uids = [...new Set((await listNodeContainers(nodeName)).map((c) => c.Labels['io.kubernetes.pod.uid'] ?? ''))].filter(Boolean);
    await removeNodeContainers(nodeName);
    const stateDir = this.stateDir(files, user);
    await removeHostLeftovers(stateDir, uids);
    await rm(stateDir, { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
