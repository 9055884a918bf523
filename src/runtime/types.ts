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
  /** Running containers: the host PID of its first process (the sandbox's: where the pod's network namespace is). */
  pid?: number;
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
  /** Bind propagation: `rslave` (HostToContainer), `rshared` (Bidirectional); unset = the engine's default (rprivate). */
  propagation?: 'rslave' | 'rshared';
}

/** cgroup values of one container, in Docker's units (`cgroups/container-resources.ts`). */
export interface CgroupLimits {
  cpuQuota: number;
  cpuPeriod: number;
  /** Bytes; unset = no limit. */
  memory?: number;
  memorySwap?: number;
  pidsLimit?: number;
}

/** The container's security settings as Docker takes them (`security/make-security-options.ts`). */
export interface SecurityOptions {
  /** `uid[:gid]` or `name[:gid]`. */
  user?: string;
  groupAdd?: string[];
  privileged?: boolean;
  readonlyRootfs?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  /** e.g. `no-new-privileges` */
  securityOpt?: string[];
}

/** resolv.conf settings written by the engine (only on a sandbox or a hostNetwork container). */
export interface DnsSettings {
  servers: string[];
  searches: string[];
  options: string[];
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
  /** Only on a sandbox, with hostname: the UTS domain name, and `<hostname>.<domainname>` in /etc/hosts. */
  domainname?: string;
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
  limits?: CgroupLimits;
  /** The pod cgroup (`cgroups/pod-cgroup-name.ts`). */
  cgroupParent?: string;
  /** The Docker runtime (HostConfig.Runtime) of the pod's RuntimeClass handler; unset = the engine's default. */
  runtime?: string;
  /** `host` or `container:<id>`; unset = a private PID namespace. */
  pidMode?: string;
  security?: SecurityOptions;
  /** Only on a sandbox. */
  sysctls?: Record<string, string>;
  /** `hostname:ip` lines for /etc/hosts; only where the network namespace is not joined. */
  extraHosts?: string[];
  dns?: DnsSettings;
  /** Seconds Docker waits between SIGTERM and SIGKILL when we do not say. */
  stopTimeout?: number;
  /**
   * Log rotation by the engine (kubelet containerLogMaxSize/containerLogMaxFiles). An agent-wide
   * setting: the Docker runtime fills it in from its own configuration, as dockershim left log
   * options to the runtime.
   */
  logRotation?: LogRotation;
}

export interface LogRotation {
  maxSizeBytes: number;
  maxFiles: number;
}

export type RuntimeEventAction = 'create' | 'start' | 'die' | 'destroy' | 'oom' | 'stop' | 'kill' | 'pause' | 'unpause';

/** One Docker event about one of our containers. */
export interface RuntimeEvent {
  containerId: string;
  podUid: string;
  // Any other action the engine sends passes through (`string & {}` keeps the known ones as hints).
  action: RuntimeEventAction | (string & {});
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
  /** With a tty: the terminal's size from its first moment, when the client told it before the start. */
  initialSize?: { cols: number; rows: number };
}

/**
 * Streams joined to a process: `stream` carries stdin in and output out (multiplexed as Docker
 * does when !tty); `resize` sets the terminal's size.
 */
export interface AttachedStreams {
  stream: NodeJS.ReadWriteStream & { end(): void };
  resize?(cols: number, rows: number): Promise<void>;
}

/** A running exec. */
export interface ExecSession extends AttachedStreams {
  /** Resolves once the process has exited. */
  exitCode(): Promise<number | undefined>;
}

/** `attach` to a container's main process: its stdin only when the container keeps it open. */
export interface AttachOptions {
  stdin: boolean;
  tty: boolean;
}

export interface ImageInfo {
  id: string;
  repoDigests: string[];
  /** The image's USER (`Config.User`), empty when it runs as root by default. */
  user?: string;
}
