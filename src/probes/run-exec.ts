import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { ExecOutput } from './exec-output.js';

export interface ExecResult {
  /** Set when the process ended and the engine reported its code. */
  exitCode?: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, at most 10 KiB. */
  output: string;
  /** The timeout passed (or the signal aborted) before the process ended. */
  timedOut: boolean;
  /** The engine refused the exec (container not running, engine gone). */
  error?: string;
}

export interface ExecRun {
  result: Promise<ExecResult>;
  /** Resolves once the process has ended (or never started), even after a timeout. */
  ended: Promise<void>;
}

export interface ExecRunOptions {
  /** Stop waiting after this long (CRI ExecSync timeout); none for lifecycle hooks. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs `cmd` in a container through the engine's exec API, as CRI `ExecSync` does (cri-dockerd
 * core/exec.go): argv as given, no shell added, no stdin, no TTY. After a timeout the result is
 * `timedOut`, but the process is not killed: Docker has no call to kill an exec'd process, and the
 * agent may not share the engine's PID namespace to do it by PID (the kubelet with cri-dockerd
 * leaves it running too). It keeps running in the container until it exits on its own or the
 * container stops; `ended` tells the caller when, so a probe never starts a second one meanwhile.
 */
export function runExec(runtime: ContainerRuntime, containerId: string, cmd: string[], options: ExecRunOptions = {}): ExecRun {
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const result = (async (): Promise<ExecResult> => {
    const output = new ExecOutput();
    const collected = (extra: Partial<ExecResult>): ExecResult => ({
      stdout: output.stdout,
      stderr: output.stderr,
      output: output.combined,
      timedOut: false,
      ...extra,
    });
    let session;
    try {
      session = await runtime.exec(containerId, { cmd, stdin: false, tty: false });
    } catch (err) {
      markEnded();
      return collected({ error: err instanceof Error ? err.message : String(err) });
    }
    const stream = session.stream as NodeJS.ReadWriteStream & { destroy?: () => void };
    const streamEnded = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => output.push(chunk));
      stream.once('end', () => resolve());
      stream.once('close', () => resolve());
      stream.once('error', () => resolve());
    });
    void streamEnded.then(() => {
      stream.destroy?.();
      markEnded();
    });
    const finished = await raceTimeout(streamEnded, options);
    if (!finished) return collected({ timedOut: true });
    const exitCode = await session.exitCode().catch(() => undefined);
    return collected(exitCode === undefined ? {} : { exitCode });
  })();
  return { result, ended };
}

/** true when `done` settled first; false on timeout or abort. */
function raceTimeout(done: Promise<void>, options: ExecRunOptions): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => finish(false);
    const finish = (value: boolean) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    if (options.signal?.aborted) return finish(false);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) timer = setTimeout(() => finish(false), options.timeoutMs);
    void done.then(() => finish(true));
  });
}
