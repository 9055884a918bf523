import type { Readable } from 'node:stream';
import type { RegistryAuth } from '../images/registry-credentials.js';
import type {
  CreateContainerSpec,
  ExecOptions,
  ExecSession,
  AttachedStreams,
  AttachOptions,
  ImageInfo,
  LogOptions,
  ObservedContainer,
  RuntimeEvent,
} from './types.js';

/**
 * The port between minikubelet and a container engine. It speaks our types only; the Docker
 * adapter (`docker/docker-runtime.ts`) implements it with dockerode, the fake
 * (`test/helpers/fake-runtime.ts`) in memory. Expected failures are typed (`runtime-errors.ts`).
 */
export interface ContainerRuntime {
  /** Engine reachable? Resolves with the engine version, rejects with EngineUnavailableError. */
  ping(): Promise<string>;
  /** Every container (running or not) labelled with this node name, inspected; only one pod's with podUid. */
  listContainers(filter?: { podUid?: string }): Promise<ObservedContainer[]>;
  /** undefined when the container is gone. */
  inspectContainer(id: string): Promise<ObservedContainer | undefined>;
  /** Creates a container and returns its id; NameConflictError when the name is taken. */
  createContainer(spec: CreateContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or the image's STOPSIGNAL), then SIGKILL after graceSeconds. A gone container is not an error. */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  /** A gone container is not an error. */
  removeContainer(id: string): Promise<void>;
  /** undefined when the image is not present locally. */
  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  /** Pulls with the registry credentials given, if any; `onProgress` hears the engine's progress lines. */
  pullImage(ref: string, auth?: RegistryAuth, onProgress?: (line: string) => void): Promise<void>;
  /** Events about this node's containers, until the signal aborts or the stream ends (then it throws). */
  events(signal: AbortSignal): AsyncIterable<RuntimeEvent>;
  /** Logs as plain bytes (stdout and stderr interleaved, demultiplexed). */
  logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable>;
  exec(id: string, options: ExecOptions): Promise<ExecSession>;
  /** Joins the streams of a running container's main process (`docker attach`); `tty` as the container was created. */
  attach(id: string, options: AttachOptions): Promise<AttachedStreams>;
}
