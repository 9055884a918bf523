import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { RegistryAuth } from '../../images/registry-credentials.js';
import type { ContainerRuntime } from '../container-runtime.js';
import { LABEL_NODE_NAME, LABEL_POD_UID } from '../labels.js';
import { EngineUnavailableError, NameConflictError, RuntimeCallError } from '../runtime-errors.js';
import type {
  CreateContainerSpec,
  ExecOptions,
  ExecSession,
  ImageInfo,
  LogOptions,
  LogRotation,
  ObservedContainer,
  RuntimeEvent,
} from '../types.js';
import type { RuntimeMetrics } from '../../metrics/metrics.js';
import { Semaphore } from '../../shared/semaphore.js';
import { bufferToPlainStream, demultiplex } from './demux.js';
import { dockerEvents } from './docker-events.js';
import { makeCreateOptions } from './make-create-options.js';
import { dockerSince } from './monotonic-log-lines.js';
import { followLogResuming } from './resuming-log-follow.js';
import { mapInspect } from './map-inspect.js';

interface DockerError {
  statusCode?: number;
  message?: string;
  code?: string;
  json?: { message?: string };
}

function statusOf(err: unknown): number | undefined {
  return (err as DockerError)?.statusCode;
}

/** The engine's own message, without dockerode's "(HTTP code 409) unexpected - " prefix. */
function messageOf(err: unknown): string {
  const e = err as DockerError;
  return e?.json?.message ?? e?.message ?? String(err);
}

function isConnectionError(err: unknown): boolean {
  const code = (err as DockerError)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ECONNRESET' || code === 'EPIPE';
}

export interface DockerRuntimeDeps {
  docker: Docker;
  nodeName: string;
  /** At most this many Docker API calls at once (the issue asks for a bound). */
  maxConcurrentCalls: number;
  /** Each call's latency and failure, for /metrics (absent in tests). */
  metrics?: RuntimeMetrics;
  /** Engine-side log rotation for every container created (`--container-log-max-*`). */
  logRotation?: LogRotation;
}

/**
 * ContainerRuntime on the Docker Engine API (dockerode). About one API call per method; Docker
 * 404/409 turned into typed results; dockerode types never leave this folder.
 */
export class DockerRuntime implements ContainerRuntime {
  private readonly docker: Docker;
  private readonly nodeName: string;
  private readonly calls: Semaphore;
  private readonly metrics: RuntimeMetrics | undefined;
  private readonly logRotation: LogRotation | undefined;
  /** Inspect results by container id, kept while the container's list state is unchanged. */
  private readonly inspectCache = new Map<string, { listState: string; observed: ObservedContainer }>();
  /** Pulls under way, by image and credentials. */
  private readonly pulls = new Map<string, Promise<void>>();

  constructor(deps: DockerRuntimeDeps) {
    this.docker = deps.docker;
    this.nodeName = deps.nodeName;
    this.calls = new Semaphore(deps.maxConcurrentCalls);
    this.metrics = deps.metrics;
    this.logRotation = deps.logRotation;
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.calls.run(() => this.timed(operation, fn));
    } catch (err) {
      if (isConnectionError(err)) throw new EngineUnavailableError(`Docker engine unreachable during ${operation}: ${messageOf(err)}`);
      throw err;
    }
  }

  /** Reports the call's time in the engine (not in the queue) and its failure; 304 is no failure. */
  private async timed<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    this.metrics?.dockerCallsInFlight(1);
    try {
      const result = await fn();
      this.metrics?.dockerCall(operation, seconds());
      return result;
    } catch (err) {
      const status = statusOf(err);
      const code = status !== undefined ? String(status) : isConnectionError(err) ? 'connection' : 'unknown';
      this.metrics?.dockerCall(operation, seconds(), status === 304 ? undefined : code);
      throw err;
    } finally {
      this.metrics?.dockerCallsInFlight(-1);
    }
  }

  async ping(): Promise<string> {
    const version = await this.call('ping', () => this.docker.version());
    return version.Version;
  }

  /** Forget what we know of a container (an event says it changed). */
  invalidate(id: string): void {
    this.inspectCache.delete(id);
  }

  async listContainers(filter: { podUid?: string } = {}): Promise<ObservedContainer[]> {
    const label = [`${LABEL_NODE_NAME}=${this.nodeName}`];
    if (filter.podUid) label.push(`${LABEL_POD_UID}=${filter.podUid}`);
    const summaries = await this.call('list containers', () => this.docker.listContainers({ all: true, filters: { label } }));
    const seen = new Set<string>();
    const result = await Promise.all(
      summaries.map(async (s) => {
        seen.add(s.Id);
        const cached = this.inspectCache.get(s.Id);
        if (cached && cached.listState === s.State) return cached.observed;
        const observed = await this.inspectContainer(s.Id);
        if (observed) this.inspectCache.set(s.Id, { listState: s.State, observed });
        return observed;
      }),
    );
    if (!filter.podUid) for (const id of this.inspectCache.keys()) if (!seen.has(id)) this.inspectCache.delete(id);
    return result.filter((c): c is ObservedContainer => c !== undefined);
  }

  async inspectContainer(id: string): Promise<ObservedContainer | undefined> {
    try {
      const info = await this.call('inspect container', () => this.docker.getContainer(id).inspect());
      return mapInspect(info);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async createContainer(spec: CreateContainerSpec): Promise<string> {
    try {
      const container = await this.call('create container', () => this.docker.createContainer(makeCreateOptions({ ...spec, logRotation: this.logRotation })));
      return container.id;
    } catch (err) {
      if (statusOf(err) === 409) {
        const existing = /by container "([0-9a-f]+)"/.exec(messageOf(err))?.[1];
        throw new NameConflictError(spec.name, existing, messageOf(err));
      }
      throw new RuntimeCallError('create container', statusOf(err), messageOf(err));
    }
  }

  async startContainer(id: string): Promise<void> {
    this.invalidate(id);
    try {
      await this.call('start container', () => this.docker.getContainer(id).start());
    } catch (err) {
      if (statusOf(err) === 304) return;
      throw new RuntimeCallError('start container', statusOf(err), messageOf(err));
    }
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    this.invalidate(id);
    try {
      // Not bounded by the call semaphore: a stop may wait a whole grace period.
      await this.timed('stop container', () => this.docker.getContainer(id).stop({ t: Math.max(0, Math.floor(graceSeconds)) }));
    } catch (err) {
      const status = statusOf(err);
      if (status === 304 || status === 404) return;
      if (isConnectionError(err)) throw new EngineUnavailableError(`Docker engine unreachable during stop container: ${messageOf(err)}`);
      throw new RuntimeCallError('stop container', status, messageOf(err));
    }
  }

  async removeContainer(id: string): Promise<void> {
    this.invalidate(id);
    try {
      await this.call('remove container', () => this.docker.getContainer(id).remove({ force: true }));
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return;
      if (status === 409 && /already in progress/.test(messageOf(err))) return;
      throw new RuntimeCallError('remove container', status, messageOf(err));
    }
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    try {
      const info = await this.call('inspect image', () => this.docker.getImage(ref).inspect());
      return { id: info.Id, repoDigests: info.RepoDigests ?? [], user: info.Config?.User ?? '' };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw new RuntimeCallError('inspect image', statusOf(err), messageOf(err));
    }
  }

  /**
   * Pulls the image. Pods asking for the same image with the same credentials at the same time
   * share one pull (the first caller hears the progress); a pull that ended is never reused.
   */
  pullImage(ref: string, auth?: RegistryAuth, onProgress?: (line: string) => void): Promise<void> {
    const key = `${ref}\0${JSON.stringify(auth ?? null)}`;
    const running = this.pulls.get(key);
    if (running) return running;
    const pull = this.pullOnce(ref, auth, onProgress).finally(() => this.pulls.delete(key));
    this.pulls.set(key, pull);
    return pull;
  }

  private async pullOnce(ref: string, auth?: RegistryAuth, onProgress?: (line: string) => void): Promise<void> {
    try {
      const stream = await this.call('pull image', () => this.docker.pull(ref, auth ? { authconfig: auth } : {}));
      await new Promise<void>((resolve, reject) => {
        const onFinished = (err: Error | null, output: { error?: string }[]) => {
          const failed = output?.find((o) => o.error);
          if (err) reject(err);
          else if (failed) reject(new Error(failed.error));
          else resolve();
        };
        const onEvent = (e: { status?: string; id?: string; progress?: string }) =>
          onProgress?.([e.id, e.status, e.progress].filter(Boolean).join(' '));
        this.docker.modem.followProgress(stream, onFinished, onEvent);
      });
    } catch (err) {
      if (err instanceof EngineUnavailableError) throw err;
      throw new RuntimeCallError('pull image', statusOf(err), messageOf(err));
    }
  }

  events(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    return dockerEvents(this.docker, this.nodeName, signal, (id) => this.invalidate(id));
  }

  async logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
    const container = this.docker.getContainer(id);
    const info = await this.call('inspect container', () => container.inspect());
    const multiplexed = !info.Config.Tty;
    const base = { stdout: true, stderr: true, timestamps: options.timestamps, ...(options.tail !== undefined ? { tail: options.tail } : {}), ...(options.sinceSeconds ? { since: Math.floor(Date.now() / 1000) - options.sinceSeconds } : {}) };
    if (!options.follow) {
      const buffer = (await container.logs({ ...base, follow: false })) as unknown as Buffer;
      return bufferToPlainStream(buffer, multiplexed);
    }
    // Followed with the engine's timestamps, so lines a log rotation replays can be dropped and a
    // stalled follow can be resumed from the last line delivered.
    const startedAt = BigInt(Date.now()) * 1_000_000n;
    const plain = (stream: Readable): Readable => {
      if (!multiplexed) return stream;
      const out = demultiplex();
      stream.on('error', (err) => out.destroy(err));
      out.on('close', () => stream.destroy());
      return stream.pipe(out);
    };
    return followLogResuming(
      {
        open: async (since) => {
          const from = since === undefined ? base : { stdout: true, stderr: true, since: dockerSince(since) };
          return plain((await container.logs({ ...from, timestamps: true, follow: true })) as unknown as Readable);
        },
        hasLaterLine: async (since) => {
          const last = (await container.logs({ stdout: true, stderr: true, timestamps: true, follow: false, tail: 1, since: dockerSince(since + 1n) })) as unknown as Buffer;
          return last.length > 0;
        },
      },
      { keepTimestamps: options.timestamps, startedAt, ...(signal ? { signal } : {}) },
    );
  }

  async exec(id: string, options: ExecOptions): Promise<ExecSession> {
    const exec = await this.call('create exec', () =>
      this.docker.getContainer(id).exec({
        Cmd: options.cmd,
        AttachStdin: options.stdin,
        AttachStdout: true,
        AttachStderr: true,
        Tty: options.tty,
      }),
    );
    const stream = (await exec.start({ hijack: true, stdin: options.stdin, Tty: options.tty })) as unknown as ExecSession['stream'];
    return {
      stream,
      exitCode: async () => {
        for (let i = 0; i < 100; i++) {
          const info = await exec.inspect();
          if (!info.Running) return info.ExitCode ?? undefined;
          await new Promise((r) => setTimeout(r, 50));
        }
        return undefined;
      },
      resize: async (cols, rows) => {
        await exec.resize({ w: cols, h: rows });
      },
    };
  }
}
