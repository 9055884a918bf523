import type {
  ConfigMapVolumeSource,
  DownwardAPIVolumeSource,
  EnvFromSource,
  EnvVarSource,
  ProjectedVolumeSource,
  SecretVolumeSource,
} from './projection-types.js';
import type { PodSecurityContext, SecurityContext } from './security-context-types.js';

export type { Capabilities, PodSecurityContext, SecurityContext, SecurityProfile, Sysctl } from './security-context-types.js';

/**
 * The Kubernetes v1 Pod subset minikubelet runs, as it is after the API server's defaults were
 * applied (see `defaults.ts`). Field names and meanings are the Kubernetes API's, unchanged.
 * The zod schemas in `pod-schema.ts` produce exactly these types.
 */

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';
export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ObjectMeta {
  name: string;
  namespace: string;
  /** Set by minikubelet (deterministic, see `pod-uid.ts`) unless the manifest sets it. */
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Set by minikubelet while the pod is being killed (its manifest is gone); RFC 3339. */
  deletionTimestamp?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol: Protocol;
}

export type MountPropagationMode = 'None' | 'HostToContainer' | 'Bidirectional';

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
  /** Like subPath, with `$(VAR)` expanded from the container's env; exclusive with subPath. */
  subPathExpr?: string;
  /** Unset means None. */
  mountPropagation?: MountPropagationMode;
}

export interface ExecAction {
  command: string[];
}
export interface HTTPHeader {
  name: string;
  value: string;
}
export interface HTTPGetAction {
  path: string;
  port: number | string;
  host?: string;
  scheme: 'HTTP' | 'HTTPS';
  httpHeaders: HTTPHeader[];
}
export interface TCPSocketAction {
  port: number | string;
  host?: string;
}
/** A gRPC health check (`grpc.health.v1.Health/Check`) to the pod IP; `service` is "" when unset. */
export interface GRPCAction {
  port: number;
  service: string;
}
export interface Probe {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  grpc?: GRPCAction;
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
  terminationGracePeriodSeconds?: number;
}
export interface LifecycleHandler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  sleep?: { seconds: number };
}
export interface Lifecycle {
  postStart?: LifecycleHandler;
  preStop?: LifecycleHandler;
}

/** Resource quantities kept as the strings the user wrote (`250m`, `128Mi`); parsed where used. */
export interface ResourceRequirements {
  limits: Record<string, string>;
  requests: Record<string, string>;
}

export interface HostAlias {
  ip: string;
  hostnames: string[];
}

export interface PodDNSConfigOption {
  name: string;
  value?: string;
}

export interface PodDNSConfig {
  nameservers?: string[];
  searches?: string[];
  options?: PodDNSConfigOption[];
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: EnvVar[];
  /** Left out when unset, so existing pods keep their UIDs and spec hashes. */
  envFrom?: EnvFromSource[];
  ports: ContainerPort[];
  volumeMounts: VolumeMount[];
  imagePullPolicy: PullPolicy;
  terminationMessagePath: string;
  terminationMessagePolicy: 'File' | 'FallbackToLogsOnError';
  resources: ResourceRequirements;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: Lifecycle;
  securityContext?: SecurityContext;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
  /** Init containers only: `Always` makes it a sidecar (restartable init container, KEP-753). */
  restartPolicy?: 'Always';
}

/** A sidecar: an init container that keeps running beside the app containers (k8s `IsRestartableInitContainer`). */
export function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

export interface EmptyDirVolumeSource {
  medium: '' | 'Memory';
  sizeLimit?: string;
  /** The directory's mode when it is set up (KEP-5502); default 0777 (a tmpfs keeps 1777). */
  mode?: number;
}
export type HostPathType =
  | ''
  | 'DirectoryOrCreate'
  | 'Directory'
  | 'FileOrCreate'
  | 'File'
  | 'Socket'
  | 'CharDevice'
  | 'BlockDevice';
export interface HostPathVolumeSource {
  path: string;
  type: HostPathType;
}
export interface Volume {
  name: string;
  emptyDir?: EmptyDirVolumeSource;
  hostPath?: HostPathVolumeSource;
  configMap?: ConfigMapVolumeSource;
  secret?: SecretVolumeSource;
  downwardAPI?: DownwardAPIVolumeSource;
  projected?: ProjectedVolumeSource;
}

export interface PodSpec {
  initContainers: Container[];
  containers: Container[];
  volumes: Volume[];
  restartPolicy: RestartPolicy;
  terminationGracePeriodSeconds: number;
  activeDeadlineSeconds?: number;
  dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  hostname?: string;
  /** With it the pod's FQDN is `<hostname>.<subdomain>.<namespace>.svc.<cluster domain>`. */
  subdomain?: string;
  /** The kernel hostname is the FQDN rather than the short name (at most 64 characters). */
  setHostnameAsFQDN?: boolean;
  nodeName?: string;
  hostNetwork: boolean;
  /** The newer fields below are left out when unset, so existing pods keep their UIDs and hashes. */
  hostPID?: boolean;
  hostIPC?: boolean;
  shareProcessNamespace?: boolean;
  /** Service environment variables for the containers (kubelet `getServiceEnvVarMap`); unset means true, left out so existing pods keep their UIDs. */
  enableServiceLinks?: boolean;
  securityContext?: PodSecurityContext;
  hostAliases?: HostAlias[];
  dnsConfig?: PodDNSConfig;
  /** Checked at admission against the node's labels (kubelet lifecycle/predicate.go). */
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  /** Accepted and shown; not enforced (minikubelet's node has no taints to tolerate). */
  tolerations?: Toleration[];
  /**
   * Pod-level requests and limits (KEP-2837, beta in 1.34): the pod cgroup's limits, what
   * admission counts, the QoS class; requests defaulted as `SetDefaults_Pod` does (`pod-level-resources.ts`).
   */
  resources?: ResourceRequirements;
  /** Given to the downward API; no account is looked up and no token mounted (there is no API server). */
  serviceAccountName?: string;
  /** Secrets of the pod's namespace (from the manifest directory) holding registry credentials for its pulls. */
  imagePullSecrets?: { name: string }[];
  /** `false` (a user namespace) is reported: Docker has user namespaces only daemon-wide. */
  hostUsers?: boolean;
  /** The RuntimeClass whose handler (a Docker runtime, `--runtime-classes`) runs the pod's sandbox and containers. */
  runtimeClassName?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}
export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: unknown[];
  };
  podAffinity?: unknown;
  podAntiAffinity?: unknown;
}
export interface Toleration {
  key?: string;
  /** `Lt` and `Gt` compare integers (KEP-5471, alpha in 1.35). */
  operator?: 'Exists' | 'Equal' | 'Lt' | 'Gt';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface Pod {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
}

/** `namespace/name`, the key pods are identified by in logs and maps (kubelet `klog.KObj`). */
export function podKey(pod: { metadata: { namespace: string; name: string } }): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}
