/**
 * Every `minikubelet run` option, once. The command's flags (and so `run --help`) and the schema of
 * the `--config` file are generated from these rows, in this order; a flag's config key is its name
 * in camelCase (`--read-only-port` → readOnlyPort), as commander names the flag's value.
 */
import { hostname } from 'node:os';
import { POD_SECURITY_LEVELS } from '../admission/pod-security/evaluate.js';
import type { Ipv4Cidr } from '../shared/ipv4-cidr.js';
import { DEFAULT_PAUSE_IMAGE } from '../runtime/docker/ensure-pause-image.js';
import { DEFAULT_ROOT_DIR, type RunOptions } from './agent-options.js';
import { DISK_OPTION_ROWS } from './disk-option-rows.js';
import { KUBELET_SERVER_OPTION_ROWS } from './kubelet-server-option-rows.js';
import { NODE_MODE_OPTION_ROWS } from './node-mode-option-rows.js';
import { LOG_LEVELS } from './log-levels.js';
import {
  absolutePath,
  absolutePathList,
  byteQuantity,
  dnsDomain,
  ipv4Address,
  ipv4Cidr,
  keyValues,
  listenAddress,
  logFileCount,
  nonEmptyText,
  oneOf,
  port,
  portRange,
  positiveInt,
  toggle,
  type ValueKind,
} from './option-value-kinds.js';

export type RunFields = Omit<RunOptions, 'explicit'>;
/** What a row fills: an AgentOptions field, or configFile (`--config`). */
export type RunField = keyof RunFields;

/** A row of the table, whose key is the field it fills. */
export type OptionRow<F extends RunField> = {
  /** As commander takes them: `--name <value>`, or `--name` for a switch. */
  readonly flags: string;
  readonly kind: ValueKind<Exclude<RunFields[F], undefined>>;
  /** For --help, which adds the default after it. */
  readonly description: string;
  /** Only `--config`, which names the file and so cannot be set in it. */
  readonly inConfigFile?: false;
} & DefaultOf<F>;

/** A field every RunOptions has needs a default; an optional one has none, and stays unset. */
type DefaultOf<F extends RunField> = object extends Pick<RunFields, F>
  ? { readonly default?: never; readonly defaultText?: never }
  : {
      readonly default: RunFields[F];
      /** Shown by --help instead of the value (`10Mi`, not 10485760). */
      readonly defaultText?: string;
    };

/** kubeadm's default Service range (`serviceSubnet`). */
const DEFAULT_SERVICE_CLUSTER_IP_RANGE: Ipv4Cidr = { base: 0x0a600000, prefix: 12, text: '10.96.0.0/12' };

/** kubelet default containerLogMaxSize: 10Mi. */
const DEFAULT_CONTAINER_LOG_MAX_SIZE = 10 * 2 ** 20;

/** `satisfies` makes the compiler insist on a row for every field, of the field's type. */
const RUN_OPTION_TABLE = {
  manifestDir: {
    flags: '--manifest-dir <dir>',
    kind: absolutePath,
    description: 'the directory of pod manifests to run (or manifestDir in --config)',
  },
  rootDir: {
    flags: '--root-dir <dir>',
    kind: absolutePath,
    default: DEFAULT_ROOT_DIR,
    description: 'state directory: pod volumes and the API socket',
  },
  nodeName: {
    flags: '--node-name <name>',
    kind: nonEmptyText,
    default: hostname().toLowerCase(),
    description: 'the node name (labels our containers, seeds pod UIDs)',
  },
  pauseImage: {
    flags: '--pause-image <ref>',
    kind: nonEmptyText,
    default: DEFAULT_PAUSE_IMAGE,
    description: 'the image of the pod sandbox containers',
  },
  configFile: {
    flags: '--config <file>',
    kind: absolutePath,
    inConfigFile: false,
    description: 'agent configuration file (YAML); flags override it',
  },
  socket: {
    flags: '--socket <path>',
    kind: absolutePath,
    description: 'the API socket (default <root-dir>/minikubelet.sock)',
  },
  logLevel: {
    flags: '--log-level <level>',
    kind: oneOf(LOG_LEVELS),
    default: 'info',
    description: 'log level',
  },
  resyncSeconds: {
    flags: '--resync-seconds <n>',
    kind: positiveInt,
    default: 20,
    description: 'rescan the manifest directory every n seconds',
  },
  relistSeconds: {
    flags: '--relist-seconds <n>',
    kind: positiveInt,
    default: 10,
    description: 'relist the containers every n seconds',
  },
  backOffInitialSeconds: {
    flags: '--backoff-initial-seconds <n>',
    kind: positiveInt,
    default: 10,
    description: 'first crash-loop back-off delay (kubelet: 10)',
  },
  backOffMaxSeconds: {
    flags: '--backoff-max-seconds <n>',
    kind: positiveInt,
    default: 300,
    description: 'longest crash-loop back-off delay (kubelet: 300)',
  },
  maxConcurrentDockerCalls: {
    flags: '--max-docker-calls <n>',
    kind: positiveInt,
    default: 16,
    description: 'at most n Docker API calls at once',
  },
  runtimeRequestTimeoutSeconds: {
    flags: '--runtime-request-timeout-seconds <n>',
    kind: positiveInt,
    default: 120,
    description: 'a Docker API call not answered within n seconds fails, and the node goes NotReady (kubelet --runtime-request-timeout: 2m)',
  },
  imageCredentials: {
    flags: '--image-credentials <file>',
    kind: absolutePath,
    description: 'node-level registry credentials for image pulls, a Docker config.json (a pod may add its own: imagePullSecrets)',
  },
  readOnlyPort: {
    flags: '--read-only-port <port>',
    kind: port,
    default: 0,
    description: 'serve /healthz, /pods and /metrics on this TCP port (0: off)',
  },
  readOnlyAddress: {
    flags: '--read-only-address <ip>',
    kind: listenAddress,
    default: '127.0.0.1',
    description: 'the address the read-only port listens on',
  },
  apiPort: {
    flags: '--api-port <port>',
    kind: port,
    default: 6443,
    description: 'serve the Kubernetes API over HTTPS (client certificates, <root-dir>/kubeconfig) on this TCP port (0: a free port, named in the kubeconfig)',
  },
  apiBindAddress: {
    flags: '--api-bind-address <ip>',
    kind: listenAddress,
    default: '127.0.0.1',
    description: 'the address the HTTPS API listens on (also a SAN of its serving certificate)',
  },
  containerLogMaxSize: {
    flags: '--container-log-max-size <quantity>',
    kind: byteQuantity,
    default: DEFAULT_CONTAINER_LOG_MAX_SIZE,
    defaultText: '10Mi',
    description: 'rotate a container log at this size (kubelet containerLogMaxSize)',
  },
  nodeLabels: {
    flags: '--node-labels <labels>',
    kind: keyValues,
    default: {},
    description: 'extra node labels, key=value,... (nodeSelector and node affinity match them)',
  },
  systemReserved: {
    flags: '--system-reserved <resources>',
    kind: keyValues,
    default: {},
    description: 'resources kept back from pods, e.g. cpu=500m,memory=1Gi',
  },
  maxPods: {
    flags: '--max-pods <n>',
    kind: positiveInt,
    default: 110,
    description: 'most pods the node admits (kubelet maxPods)',
  },
  podSecurity: {
    flags: '--pod-security <level>',
    kind: oneOf(POD_SECURITY_LEVELS),
    default: 'privileged',
    description: 'the Pod Security Standard every pod must meet, as a cluster\'s PodSecurity admission enforces it (privileged: none; baseline; restricted)',
  },
  allowPrivileged: {
    flags: '--allow-privileged',
    kind: toggle,
    default: false,
    description: 'admit privileged containers and pods sharing the host network, PID or IPC namespace',
  },
  allowedHostPaths: {
    flags: '--allowed-host-paths <paths>',
    kind: absolutePathList,
    description: 'comma-separated path prefixes hostPath volumes must stay under (default: any)',
  },
  clusterDomain: {
    flags: '--cluster-domain <domain>',
    kind: dnsDomain,
    default: 'cluster.local',
    description: 'the cluster DNS domain ending the FQDN of pods with a subdomain',
  },
  serviceClusterIpRange: {
    flags: '--service-cluster-ip-range <cidr>',
    kind: ipv4Cidr,
    default: DEFAULT_SERVICE_CLUSTER_IP_RANGE,
    defaultText: DEFAULT_SERVICE_CLUSTER_IP_RANGE.text,
    description: "the Services' virtual IPs are allocated from this range (kube-apiserver --service-cluster-ip-range); one per agent on a machine",
  },
  serviceNodePortRange: {
    flags: '--service-node-port-range <first-last>',
    kind: portRange,
    default: { min: 30000, max: 32767 },
    defaultText: '30000-32767',
    description: 'NodePort Services take their node ports from this range (kube-apiserver --service-node-port-range)',
  },
  clusterDns: {
    flags: '--cluster-dns <ip>',
    kind: ipv4Address,
    description: "the cluster DNS address ClusterFirst pods use (kubelet --cluster-dns; default: the 10th address of --service-cluster-ip-range, where the agent serves it)",
  },
  runtimeClasses: {
    flags: '--runtime-classes <name=handler,...>',
    kind: keyValues,
    default: {},
    defaultText: 'none',
    description: "the RuntimeClasses pods may name in spec.runtimeClassName, each with its handler: the Docker runtime that runs the pod's containers (crun=crun, with crun registered in dockerd)",
  },
  resolvConf: {
    flags: '--resolv-conf <path>',
    kind: absolutePath,
    default: '/etc/resolv.conf',
    description: "the node's resolver configuration: the search list of pods' resolv.conf, and the upstream servers the cluster DNS forwards other names to (kubelet --resolv-conf)",
  },
  podMaxPids: {
    flags: '--pod-max-pids <n>',
    kind: positiveInt,
    description: 'most processes a pod may run, all its containers together (kubelet podPidsLimit; default: unlimited)',
  },
  containerLogMaxFiles: {
    flags: '--container-log-max-files <n>',
    kind: logFileCount,
    default: 5,
    description: 'log files kept per container (kubelet containerLogMaxFiles)',
  },
  ...DISK_OPTION_ROWS,
  ...KUBELET_SERVER_OPTION_ROWS,
  ...NODE_MODE_OPTION_ROWS,
} satisfies { readonly [F in RunField]: OptionRow<F> };

/** A row as the generators read it: the field it fills and its key, the flag in camelCase. */
export interface RunOptionRow {
  readonly field: RunField;
  readonly key: string;
  readonly flags: string;
  readonly kind: ValueKind<unknown>;
  readonly description: string;
  readonly inConfigFile?: false;
  readonly default?: unknown;
  readonly defaultText?: string;
}

/** The table's rows in its order: the order of the flags in `run --help`. */
export const RUN_OPTION_ROWS: readonly RunOptionRow[] = Object.entries(RUN_OPTION_TABLE).map(([field, row]) => ({
  ...row,
  field: field as RunField,
  key: camelCase(row.flags.split(' ')[0]!.slice('--'.length)),
}));

function camelCase(flagName: string): string {
  return flagName.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase());
}
