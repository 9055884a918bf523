/**
 * Our own view of the container engine: what the planner, status and executor see. Engine types
 * (dockerode's) stay inside `runtime/docker/`.
 */

/** What a container is to its pod; stored in the `minikubelet.io/container-type` label. */
export type ContainerKind = 'sandbox' | 'init' | 'app';

/** Engine state, reduced as cri-dockerd reduces it (`core/container_status.go`). */
export type RuntimeState = 'created' | 'running' | 'exited' | 'unknown';

/** One container of ours as the engine reports it, identity decoded from its labels. */
export interface ObservedContainer {
  id: string;
  /** Docker name without the leading `/`: `k8s_<container>_<pod>_<ns>_<uid>_<attempt>` */
  dockerName: string;
  podName: string;
  podNamespace: string;
  podUid: string;
  /** The Kubernetes container name; `POD` for the sandbox. */
  containerName: string;
  kind: ContainerKind;
  /** restartCount for containers, the sandbox attempt for sandboxes (from the name and labels). */
  attempt: number;
  /** Hash of the container spec it was created from (`api/container-hash.ts`). */
  specHash: string;
  /** The sandbox this container joined (empty for sandboxes). */
  sandboxId: string;
  image: string;
  imageId: string;
  state: RuntimeState;
  /** Epoch milliseconds. */
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  oomKilled: boolean;
  /** The engine's own error text for a container that failed to start (State.Error). */
  error?: string;
  /**
   * Exited containers: what the container wrote to its terminationMessagePath (or its log tail
   * under FallbackToLogsOnError); filled in by the agent, not the engine.
   */
  terminationMessage?: string;
  /** Sandbox only: the pod IP on the bridge network. */
  ip?: string;
  labels: Record<string, string>;
}

export interface PortBinding {
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  hostPort: number;
  hostIP?: string;
}

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** Everything needed to create one container; built by pure `make*` functions. */
export interface CreateContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** Docker Entrypoint (Kubernetes `command`); undefined keeps the image's. */
  entrypoint?: string[];
  /** Docker Cmd (Kubernetes `args`); undefined keeps the image's (only when entrypoint is undefined too). */
  cmd?: string[];
  env: string[];
  workingDir?: string;
  /** Only on a sandbox: Docker rejects it on `container:` network mode. */
  hostname?: string;
  /** `default`, `host`, `none` or `container:<id>` */
  networkMode: string;
  /** `shareable`, `host` or `container:<id>` */
  ipcMode: string;
  /** Only on a sandbox. */
  portBindings: PortBinding[];
  mounts: BindMount[];
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  cpuShares?: number;
  oomScoreAdj?: number;
  /** Seconds Docker waits between SIGTERM and SIGKILL when we do not say. */
  stopTimeout?: number;
}

export type RuntimeEventAction = 'create' | 'start' | 'die' | 'destroy' | 'oom' | 'stop' | 'kill' | 'pause' | 'unpause';

/** One Docker event about one of our containers. */
export interface RuntimeEvent {
  containerId: string;
  podUid: string;
  action: RuntimeEventAction | string;
  timeMs: number;
}

export interface LogOptions {
  follow: boolean;
  tail?: number;
  timestamps: boolean;
  sinceSeconds?: number;
}

export interface ExecOptions {
  cmd: string[];
  stdin: boolean;
  tty: boolean;
}

/** A running exec: `stream` carries stdin in and output out (multiplexed as Docker does when !tty). */
export interface ExecSession {
  stream: NodeJS.ReadWriteStream & { end(): void };
  /** Resolves once the process has exited. */
  exitCode(): Promise<number | undefined>;
  resize?(cols: number, rows: number): Promise<void>;
}

export interface ImageInfo {
  id: string;
  repoDigests: string[];
}
