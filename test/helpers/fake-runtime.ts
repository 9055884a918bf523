/**
 * An in-memory ContainerRuntime for unit tests, in the spirit of cri-dockerd's fake Docker client:
 * it keeps containers and images in maps, records every call in `calls`, and fails on demand
 * (`failNext`). It behaves as the Docker adapter does where tests can observe it: deterministic
 * names conflict, a missing image fails create, start/stop of a container in that state is a
 * no-op, stop and remove of a gone container are not errors, a follow log stream ends when the
 * container stops, exec output is multiplexed as Docker's when not a tty.
 */
import type { Readable } from 'node:stream';
import type { ContainerRuntime } from '../../src/runtime/container-runtime.js';
import {
  LABEL_CONTAINER_TYPE,
  LABEL_NODE_NAME,
  LABEL_SANDBOX_ID,
  LABEL_SPEC_HASH,
} from '../../src/runtime/labels.js';
import { parseContainerName } from '../../src/runtime/naming.js';
import { ImageNotFoundError, NameConflictError, RuntimeCallError } from '../../src/runtime/runtime-errors.js';
import type {
  ContainerKind,
  CreateContainerSpec,
  AttachedStreams,
  AttachOptions,
  ExecOptions,
  ExecSession,
  ImageInfo,
  LogOptions,
  ObservedContainer,
  RuntimeEvent,
} from '../../src/runtime/types.js';
import { defaultExecHandler, startFakeExec, type FakeExecHandler } from './fake-exec.js';
import { FakeLogs } from './fake-logs.js';

export type { FakeExecContext, FakeExecHandler } from './fake-exec.js';

export interface FakeCall {
  method: string;
  args: unknown[];
}

export interface FakeRuntimeOptions {
  /** When set, listContainers returns only containers labelled with this node name (as the adapter). */
  nodeName?: string;
  now?: () => number;
}

export class FakeRuntime implements ContainerRuntime {
  readonly calls: FakeCall[] = [];
  readonly containers = new Map<string, ObservedContainer>();
  readonly images = new Map<string, ImageInfo>();
  readonly logStore: FakeLogs;
  /** Exit code of a process stopped by stopContainer (SIGTERM: 128 + 15). */
  exitCodeOnStop = 143;
  engineVersion = '27.0.0-fake';
  execHandler: FakeExecHandler = defaultExecHandler;
  /** Awaited by startContainer before the container runs: a test holds a start to see what overlaps it. */
  startGate: ((container: ObservedContainer) => Promise<void>) | undefined;
  attachHandler: FakeExecHandler = defaultExecHandler;
  now: () => number;

  private readonly nodeName: string | undefined;
  private readonly failures = new Map<string, Error[]>();
  private readonly subscribers = new Set<(event: RuntimeEvent) => void>();
  private nextId = 1;

  constructor(options: FakeRuntimeOptions = {}) {
    this.nodeName = options.nodeName;
    this.now = options.now ?? Date.now;
    this.logStore = new FakeLogs(this.now);
  }

  /** The next call of `method` rejects with `error` (queued: call twice to fail twice). */
  failNext(method: keyof ContainerRuntime, error: Error): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  callsOf(method: keyof ContainerRuntime | 'resize'): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  addImage(ref: string, info: Partial<ImageInfo> = {}): ImageInfo {
    const image = { id: info.id ?? `sha256:${hex(this.images.size + 1)}`, repoDigests: info.repoDigests ?? [] };
    this.images.set(ref, image);
    return image;
  }

  /** Seeds a container as if another agent run had created it; returns it. */
  addContainer(container: Partial<ObservedContainer> & Pick<ObservedContainer, 'dockerName'>): ObservedContainer {
    const parsed = parseContainerName(container.dockerName);
    const observed: ObservedContainer = {
      id: hex(this.nextId++),
      podName: parsed?.podName ?? '',
      podNamespace: parsed?.podNamespace ?? '',
      podUid: parsed?.podUid ?? '',
      containerName: parsed?.containerName ?? '',
      kind: 'app',
      attempt: parsed?.attempt ?? 0,
      specHash: '',
      sandboxId: '',
      image: 'busybox',
      imageId: 'sha256:busybox',
      state: 'created',
      createdAt: this.now(),
      oomKilled: false,
      labels: {},
      ...container,
    };
    this.containers.set(observed.id, observed);
    return observed;
  }

  /** Appends output to a container's log (followers see it at once). */
  writeLog(id: string, text: string): void {
    this.logStore.append(id, text);
  }

  /** The container's main process ends on its own (a crash, a completed job). */
  exitContainer(id: string, exitCode: number, options: { oomKilled?: boolean; error?: string } = {}): void {
    const container = this.mustGet(id, 'exit');
    if (container.state !== 'running') return;
    Object.assign(container, { state: 'exited', exitCode, finishedAt: this.now(), oomKilled: options.oomKilled ?? false });
    if (options.error !== undefined) container.error = options.error;
    if (options.oomKilled) this.emit('oom', container);
    this.emit('die', container);
    this.logStore.endFollowers(id);
  }

  async ping(): Promise<string> {
    this.record('ping', []);
    return this.engineVersion;
  }

  async listContainers(filter: { podUid?: string } = {}): Promise<ObservedContainer[]> {
    this.record('listContainers', [filter]);
    return [...this.containers.values()]
      .filter((c) => this.nodeName === undefined || c.labels[LABEL_NODE_NAME] === this.nodeName)
      .filter((c) => !filter.podUid || c.podUid === filter.podUid)
      .map((c) => structuredClone(c));
  }

  async inspectContainer(id: string): Promise<ObservedContainer | undefined> {
    this.record('inspectContainer', [id]);
    const container = this.containers.get(id);
    return container && structuredClone(container);
  }

  async createContainer(spec: CreateContainerSpec): Promise<string> {
    this.record('createContainer', [spec]);
    const existing = [...this.containers.values()].find((c) => c.dockerName === spec.name);
    if (existing) {
      const message = `Conflict. The container name "/${spec.name}" is already in use by container "${existing.id}".`;
      throw new NameConflictError(spec.name, existing.id, message);
    }
    const image = this.images.get(spec.image);
    if (!image) throw new ImageNotFoundError(`No such image: ${spec.image}`);
    return this.addContainer({
      dockerName: spec.name,
      kind: (spec.labels[LABEL_CONTAINER_TYPE] as ContainerKind | undefined) ?? 'app',
      specHash: spec.labels[LABEL_SPEC_HASH] ?? '',
      sandboxId: spec.labels[LABEL_SANDBOX_ID] ?? '',
      image: spec.image,
      imageId: image.id,
      labels: { ...spec.labels },
    }).id;
  }

  async startContainer(id: string): Promise<void> {
    this.record('startContainer', [id]);
    const container = this.mustGet(id, 'start container');
    await this.startGate?.(container);
    if (container.state === 'running') return;
    Object.assign(container, { state: 'running', startedAt: this.now(), finishedAt: undefined, exitCode: undefined });
    if (container.kind === 'sandbox') container.ip ??= `10.88.0.${this.containers.size + 1}`;
    this.emit('start', container);
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    this.record('stopContainer', [id, graceSeconds]);
    const container = this.containers.get(id);
    if (!container || container.state !== 'running') return;
    this.exitContainer(id, this.exitCodeOnStop);
  }

  async removeContainer(id: string): Promise<void> {
    this.record('removeContainer', [id]);
    const container = this.containers.get(id);
    if (!container) return;
    if (container.state === 'running') this.exitContainer(id, 137);
    this.containers.delete(id);
    this.logStore.forget(id);
    this.emit('destroy', container);
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    this.record('inspectImage', [ref]);
    const image = this.images.get(ref);
    return image && { ...image, repoDigests: [...image.repoDigests] };
  }

  /** Pulls succeed (the image appears) unless failNext('pullImage', ...) says otherwise. */
  async pullImage(ref: string): Promise<void> {
    this.record('pullImage', [ref]);
    if (!this.images.has(ref)) this.addImage(ref);
  }

  async *events(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    this.record('events', []);
    const queue: RuntimeEvent[] = [];
    let wake: (() => void) | undefined;
    const subscriber = (event: RuntimeEvent): void => {
      queue.push(event);
      wake?.();
    };
    const onAbort = (): void => wake?.();
    this.subscribers.add(subscriber);
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const event = queue.shift();
        if (event) yield event;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      this.subscribers.delete(subscriber);
      signal.removeEventListener('abort', onAbort);
    }
  }

  async logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
    this.record('logs', [id, options]);
    const container = this.mustGet(id, 'logs');
    return this.logStore.read(id, options, options.follow && container.state === 'running', signal);
  }

  async exec(id: string, options: ExecOptions): Promise<ExecSession> {
    this.record('exec', [id, options]);
    const container = this.mustGet(id, 'create exec');
    if (container.state !== 'running') {
      throw new RuntimeCallError('create exec', 409, `Container ${id} is not running`);
    }
    return startFakeExec(id, options, this.execHandler, (cols, rows) => this.calls.push({ method: 'resize', args: [id, cols, rows] }));
  }

  /** The main process plays `attachHandler` (by default `cat`: what it reads, it writes). */
  async attach(id: string, options: AttachOptions): Promise<AttachedStreams> {
    this.record('attach', [id, options]);
    const container = this.mustGet(id, 'attach container');
    if (container.state !== 'running') {
      throw new RuntimeCallError('attach container', 409, `Container ${id} is not running`);
    }
    const session = startFakeExec(id, { cmd: ['cat'], ...options }, this.attachHandler, (cols, rows) =>
      this.calls.push({ method: 'resize', args: [id, cols, rows] }),
    );
    return { stream: session.stream, resize: session.resize! };
  }

  private record(method: keyof ContainerRuntime, args: unknown[]): void {
    this.calls.push({ method, args });
    const queued = this.failures.get(method);
    const error = queued?.shift();
    if (error) throw error;
  }

  private mustGet(id: string, operation: string): ObservedContainer {
    const container = this.containers.get(id);
    if (!container) throw new RuntimeCallError(operation, 404, `No such container: ${id}`);
    return container;
  }

  private emit(action: string, container: ObservedContainer): void {
    const event = { containerId: container.id, podUid: container.podUid, action, timeMs: this.now() };
    for (const subscriber of this.subscribers) subscriber(event);
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(64, '0');
}
