import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { RegistryAuth } from '../../images/registry-credentials.js';
import type { RuntimeMetrics } from '../runtime-metrics.js';
import type { ContainerRuntime } from '../container-runtime.js';
import type {
  CreateContainerSpec,
  AttachedStreams,
  AttachOptions,
  ExecOptions,
  ExecSession,
  ImageInfo,
  LogOptions,
  LogRotation,
  ObservedContainer,
  RuntimeEvent,
} from '../types.js';
import { containerLogs } from './container-logs.js';
import { createContainer, removeContainer, startContainer, stopContainer } from './container-lifecycle.js';
import { ContainerListing } from './container-listing.js';
import { execInContainer } from './container-exec.js';
import { attachToContainer } from './container-attach.js';
import { type ContainerDiskUsage, createContainerDiskUsage } from './container-disk-usage.js';
import { createContainerUsageReader } from './container-usage-stats.js';
import type { ContainerUsageReader } from '../container-usage.js';
import { type NodeLogFiles, createNodeLogFiles } from './container-log-files.js';
import { DockerCalls, type DockerApi } from './docker-calls.js';
import { type EngineImages, createEngineImages } from './engine-images.js';
import { dockerEvents } from './docker-events.js';
import { ImagePulls, inspectImage } from './images.js';

export interface DockerRuntimeDeps {
  docker: Docker;
  nodeName: string;
  /** At most this many Docker API calls at once (the issue asks for a bound). */
  maxConcurrentCalls: number;
  /** Each call's latency and failure, for /metrics (absent in tests). */
  metrics?: RuntimeMetrics;
  /** A call not answered within this long fails (`--runtime-request-timeout-seconds`; default 2 min). */
  requestTimeoutMs?: number;
  /** Engine-side log rotation for every container created (`--container-log-max-*`). */
  logRotation?: LogRotation;
}

/**
 * ContainerRuntime on the Docker Engine API (dockerode). About one API call per method; Docker
 * 404/409 turned into typed results; dockerode types never leave this folder. Every call goes
 * through `DockerCalls` (bound, metrics, EngineUnavailableError); the methods delegate to one
 * file per concept; a start or remove we make, and every engine event that changes a container,
 * drops its cached inspect result (a stop's end is its `die` event).
 */
export class DockerRuntime implements ContainerRuntime {
  private readonly api: DockerApi;
  private readonly nodeName: string;
  private readonly logRotation: LogRotation | undefined;
  private readonly listing: ContainerListing;
  private readonly pulls: ImagePulls;

  constructor(deps: DockerRuntimeDeps) {
    this.api = { docker: deps.docker, calls: new DockerCalls(deps.maxConcurrentCalls, deps.metrics, deps.requestTimeoutMs) };
    this.nodeName = deps.nodeName;
    this.logRotation = deps.logRotation;
    this.listing = new ContainerListing(this.api, deps.nodeName);
    this.pulls = new ImagePulls(this.api);
  }

  /**
   * The engine side of disk housekeeping (eviction's usage, image GC, the node log cap), through the
   * same bounded calls with deadlines as everything else.
   */
  diskHousekeeping(maxLogFiles: number): { containerUsage: (id: string) => Promise<ContainerDiskUsage>; images: EngineImages; logFiles: NodeLogFiles } {
    return {
      containerUsage: createContainerDiskUsage(this.api, maxLogFiles),
      images: createEngineImages(this.api),
      logFiles: createNodeLogFiles(this.api, maxLogFiles),
    };
  }

  /** Each container's CPU and memory (the kubelet port's /stats/summary), through the same bounded calls. */
  containerUsage(): ContainerUsageReader {
    return createContainerUsageReader(this.api);
  }

  async ping(): Promise<string> {
    const version = await this.api.calls.call('ping', () => this.api.docker.version());
    return version.Version;
  }

  /** Forget what we know of a container (an event says it changed). */
  invalidate(id: string): void {
    this.listing.invalidate(id);
  }

  listContainers(filter: { podUid?: string } = {}): Promise<ObservedContainer[]> {
    return this.listing.list(filter);
  }

  inspectContainer(id: string): Promise<ObservedContainer | undefined> {
    return this.listing.inspect(id);
  }

  createContainer(spec: CreateContainerSpec): Promise<string> {
    return createContainer(this.api, spec, this.logRotation);
  }

  startContainer(id: string): Promise<void> {
    this.invalidate(id);
    return startContainer(this.api, id);
  }

  // Not forgotten here: it runs until the stop ends it, and the `die` event (or the list's new
  // state) says when; forgetting it at once made every list meanwhile inspect it again.
  stopContainer(id: string, graceSeconds: number): Promise<void> {
    return stopContainer(this.api, id, graceSeconds);
  }

  removeContainer(id: string): Promise<void> {
    this.invalidate(id);
    return removeContainer(this.api, id);
  }

  inspectImage(ref: string): Promise<ImageInfo | undefined> {
    return inspectImage(this.api, ref);
  }

  pullImage(ref: string, auth?: RegistryAuth, onProgress?: (line: string) => void): Promise<void> {
    return this.pulls.pull(ref, auth, onProgress);
  }

  events(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    return dockerEvents(this.api.docker, this.nodeName, signal, (id) => this.invalidate(id));
  }

  logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
    return containerLogs(this.api, id, options, signal);
  }

  exec(id: string, options: ExecOptions): Promise<ExecSession> {
    return execInContainer(this.api, id, options);
  }

  attach(id: string, options: AttachOptions): Promise<AttachedStreams> {
    return attachToContainer(this.api, id, options);
  }
}
