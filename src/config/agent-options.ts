import type { PodSecurityLevel } from '../admission/pod-security/evaluate.js';
import type { EvictionThreshold } from '../node/eviction-thresholds.js';
import type { KubeletAuthorizationMode } from '../server/kubelet/kubelet-auth.js';
import type { LogLevel } from './log-levels.js';
import type { PortRange } from './option-value-kinds.js';
import type { Ipv4Cidr } from '../shared/ipv4-cidr.js';

/** The agent's state directory unless told otherwise; the client commands look for its socket there too. */
export const DEFAULT_ROOT_DIR = '/var/lib/minikubelet';

/**
 * Everything the agent (`minikubelet run`) is configured with, after flags are parsed. Each field
 * has its row in RUN_OPTION_TABLE (run-option-table.ts), which the compiler holds to this.
 */
export interface AgentOptions {
  /** Absolute, as every path below. */
  manifestDir: string;
  /** State directory: pod volumes and the API socket. */
  rootDir: string;
  /** Labels our containers, seeds pod UIDs. */
  nodeName: string;
  /** The image of the pod sandbox containers. */
  pauseImage: string;
  logLevel: LogLevel;
  /** Full rescan of the manifest directory (kubelet fileCheckFrequency: 20 s). */
  resyncSeconds: number;
  /** Full relist of the engine's containers, the safety net behind Docker events. */
  relistSeconds: number;
  /** The API socket; default `<rootDir>/minikubelet.sock`. */
  socket?: string;
  /** Crash-loop back-off: first delay and cap (kubelet: 10 s and 300 s). */
  backOffInitialSeconds: number;
  backOffMaxSeconds: number;
  /** At most this many Docker API calls at once. */
  maxConcurrentDockerCalls: number;
  /** A Docker call (streams aside) not answered within this long fails (kubelet --runtime-request-timeout). */
  runtimeRequestTimeoutSeconds: number;
  /** A Docker config.json with node-level registry credentials. */
  imageCredentials?: string;
  /** The read-only TCP port serving /healthz, /pods and /metrics; 0 = off. */
  readOnlyPort: number;
  readOnlyAddress: string;
  /** The HTTPS Kubernetes API for kubectl (client-certificate auth); 0 picks a free port. */
  apiPort: number;
  apiBindAddress: string;
  /** The kubelet's HTTPS port (`--port`, 10250; 0 = off), served only with clientCaFile; its bind address (`--address`). */
  kubeletPort: number;
  kubeletAddress: string;
  /** PEM CA bundle authenticating client certificates on the kubelet port (kubelet --client-ca-file). */
  clientCaFile?: string;
  /** The kubelet port's serving certificate and key; unset = self-signed under `<rootDir>/pki/`. */
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  /** Bearer tokens on the kubelet port through TokenReview (node mode). */
  authenticationTokenWebhook: boolean;
  /** AlwaysAllow, or Webhook: SubjectAccessReview through the API server (node mode). */
  authorizationMode: KubeletAuthorizationMode;
  /** Container log rotation by the engine: kubelet containerLogMaxSize (bytes) and containerLogMaxFiles. */
  containerLogMaxSize: number;
  containerLogMaxFiles: number;
  nodeLabels: Record<string, string>;
  systemReserved: Record<string, string>;
  maxPods: number;
  /** The Pod Security Standard enforced at admission (`privileged`: none), as a cluster's PodSecurity admission. */
  podSecurity: PodSecurityLevel;
  /** Privileged containers and host namespaces are refused at admission unless set. */
  allowPrivileged: boolean;
  /** hostPath volumes must lie under one of these when set. */
  allowedHostPaths?: string[];
  /** pids.max of each pod cgroup and each container's PidsLimit (kubelet podPidsLimit); unset = unlimited. */
  podMaxPids?: number;
  /** RuntimeClass name → handler (a Docker runtime name), as RuntimeClass objects give them to a cluster's kubelets. */
  runtimeClasses: Record<string, string>;
  /** Ends the FQDN of pods with a subdomain (`<host>.<subdomain>.<ns>.svc.<clusterDomain>`). */
  clusterDomain: string;
  /** The Services' virtual IPs come from this range (kube-apiserver --service-cluster-ip-range). */
  serviceClusterIpRange: Ipv4Cidr;
  /** NodePort Services' node ports come from this range (kube-apiserver --service-node-port-range). */
  serviceNodePortRange: PortRange;
  /** The nameserver of ClusterFirst pods (kubelet --cluster-dns); unset = the agent's own DNS at the range's 10th address. */
  clusterDns?: string;
  /** Disk eviction thresholds (kubelet --eviction-hard): DiskPressure and evictions below them; none = off. */
  evictionHard: EvictionThreshold[];
  /** Milliseconds DiskPressure stays True after the thresholds were last met (kubelet: 5m). */
  evictionPressureTransitionPeriod: number;
  /** Node-wide cap on container log bytes; unset = containerLogMaxSize × containerLogMaxFiles × maxPods. */
  containerLogMaxTotalSize?: number;
  /** Image GC (kubelet): from this percent of the image filesystem used down to the low one; 100 = off. */
  imageGcHighThreshold: number;
  imageGcLowThreshold: number;
  /** Milliseconds: an image first seen more recently is kept. */
  imageMinimumGcAge: number;
  /** Only images whose every tag is under one of these repository prefixes are collected; unset = any. */
  imageGcRepositories?: string[];
  /** The node's resolv.conf (kubelet --resolv-conf): pods' search list and the cluster DNS's upstream servers. */
  resolvConf: string;
  /** Node mode (kubelet --kubeconfig): join this cluster; unset = the manifest directory alone. */
  kubeconfig?: string;
  /** The InternalIP the Node reports; unset = the detected host IP. */
  nodeIp?: string;
  /** `key=value:Effect` taints the Node registers with. */
  registerWithTaints: string[];
  /** Milliseconds: node status computed this often, sent when changed (kubelet: 10s). */
  nodeStatusUpdateFrequency: number;
  /** Milliseconds: node status sent at least this often (kubelet: 5m). */
  nodeStatusReportFrequency: number;
}

/**
 * The `run` flags as parsed: the agent's options, with the manifest directory still optional (the
 * `--config` file may give it) and what loadAgentOptions needs to merge the file under the flags.
 */
export type RunOptions = Omit<AgentOptions, 'manifestDir'> & {
  /** Absolute; may come from the config file instead (loadAgentOptions insists on one of them). */
  manifestDir?: string;
  /** `--config FILE`, not read by the command: loadAgentOptions merges it under the flags. */
  configFile?: string;
  /** The options set on the command line (not defaulted), so a config file does not override them. */
  explicit: ReadonlySet<keyof RunOptions>;
};
