/** `run`: the agent in the foreground. Parses its flags into RunOptions and hands them to the daemon. */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { checkClusterDomain, checkContainerLogMaxFiles, checkListenAddress, checkPort, parseContainerLogMaxSize } from '../../config/run-flag-values.js';
import type { AgentOptions } from '../../config/agent-options.js';
import { DEFAULT_PAUSE_IMAGE } from '../../runtime/docker/ensure-pause-image.js';
import { DEFAULT_ROOT_DIR } from '../api-client.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];


/**
 * The `run` flags as parsed: the agent's options (documented on AgentOptions), with the manifest
 * directory still optional (the `--config` file may give it) and what the daemon needs to merge
 * the file under the flags.
 */
export type RunOptions = Omit<AgentOptions, 'manifestDir' | 'logLevel'> & {
  /** Absolute; may come from the config file instead (loadAgentOptions insists on one of them). */
  manifestDir?: string;
  logLevel: LogLevel;
  /** `--config FILE`, not read here: the daemon merges it under the flags. */
  configFile?: string;
  /** The options set on the command line (not defaulted), so a config file does not override them. */
  explicit: ReadonlySet<keyof RunOptions>;
};

type RunFlagValues = Omit<RunOptions, 'explicit' | 'configFile' | 'maxConcurrentDockerCalls' | 'backOffInitialSeconds' | 'backOffMaxSeconds'> & {
  config?: string;
  maxDockerCalls: number;
  backoffInitialSeconds: number;
  backoffMaxSeconds: number;
};

export function registerRunCommand(program: Command, runAgent: (options: RunOptions) => Promise<void>): void {
  program
    .command('run')
    .description('run the agent in the foreground')
    .option('--manifest-dir <dir>', 'the directory of pod manifests to run (or manifestDir in --config)')
    .option('--root-dir <dir>', 'state directory: pod volumes and the API socket', DEFAULT_ROOT_DIR)
    .option('--node-name <name>', 'the node name (labels our containers, seeds pod UIDs)', hostname().toLowerCase())
    .option('--pause-image <ref>', 'the image of the pod sandbox containers', DEFAULT_PAUSE_IMAGE)
    .option('--config <file>', 'agent configuration file (YAML); flags override it')
    .option('--socket <path>', 'the API socket (default <root-dir>/minikubelet.sock)')
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .option('--resync-seconds <n>', 'rescan the manifest directory every n seconds', parsePositiveInt, 20)
    .option('--relist-seconds <n>', 'relist the containers every n seconds', parsePositiveInt, 10)
    .option('--backoff-initial-seconds <n>', 'first crash-loop back-off delay (kubelet: 10)', parsePositiveInt, 10)
    .option('--backoff-max-seconds <n>', 'longest crash-loop back-off delay (kubelet: 300)', parsePositiveInt, 300)
    .option('--max-docker-calls <n>', 'at most n Docker API calls at once', parsePositiveInt, 16)
    .option('--image-credentials <file>', 'registry credentials for image pulls, a Docker config.json (static pods cannot use imagePullSecrets)')
    .option('--read-only-port <port>', 'serve /healthz, /pods and /metrics on this TCP port (0: off)', checked(Number, checkPort), 0)
    .option('--read-only-address <ip>', 'the address the read-only port listens on', checked(String, checkListenAddress), '127.0.0.1')
    .addOption(
      new Option('--container-log-max-size <quantity>', 'rotate a container log at this size (kubelet containerLogMaxSize)')
        .argParser(parseLogMaxSize)
        .default(DEFAULT_CONTAINER_LOG_MAX_SIZE, '10Mi'),
    )
    .option('--node-labels <labels>', 'extra node labels, key=value,... (nodeSelector and node affinity match them)', parseKeyValues, {})
    .option('--system-reserved <resources>', 'resources kept back from pods, e.g. cpu=500m,memory=1Gi', parseKeyValues, {})
    .option('--max-pods <n>', 'most pods the node admits (kubelet maxPods)', parsePositiveInt, 110)
    .option('--allow-privileged', 'admit privileged containers and pods sharing the host network, PID or IPC namespace', false)
    .option('--allowed-host-paths <paths>', 'comma-separated path prefixes hostPath volumes must stay under (default: any)', (text: string) => text.split(',').map((p) => p.trim()).filter(Boolean))
    .option('--cluster-domain <domain>', 'the cluster DNS domain ending the FQDN of pods with a subdomain', checked(String, checkClusterDomain), 'cluster.local')
    .option('--pod-max-pids <n>', 'most processes a pod may run, all its containers together (kubelet podPidsLimit; default: unlimited)', parsePositiveInt)
    .option('--container-log-max-files <n>', 'log files kept per container (kubelet containerLogMaxFiles)', checked(Number, checkContainerLogMaxFiles), 5)
    .action(async (values: RunFlagValues, command: Command) => {
      const explicit = Object.keys(values).filter((key) => command.getOptionValueSource(key) === 'cli');
      await runAgent(toRunOptions(values, explicit));
    });
}

/** Flags whose option has another name; the `--config` file uses the flag names, in camelCase. */
export const RENAMED_FLAGS: Readonly<Record<string, keyof RunOptions>> = {
  config: 'configFile',
  backoffInitialSeconds: 'backOffInitialSeconds',
  backoffMaxSeconds: 'backOffMaxSeconds',
  maxDockerCalls: 'maxConcurrentDockerCalls',
};

export function toRunOptions(values: RunFlagValues, explicitKeys: readonly string[]): RunOptions {
  const explicit = new Set(explicitKeys.map((key) => RENAMED_FLAGS[key] ?? key) as (keyof RunOptions)[]);
  return {
    ...(values.manifestDir !== undefined ? { manifestDir: resolve(values.manifestDir) } : {}),
    rootDir: resolve(values.rootDir),
    nodeName: values.nodeName,
    pauseImage: values.pauseImage,
    ...(values.config !== undefined ? { configFile: resolve(values.config) } : {}),
    logLevel: values.logLevel,
    resyncSeconds: values.resyncSeconds,
    relistSeconds: values.relistSeconds,
    backOffInitialSeconds: values.backoffInitialSeconds,
    backOffMaxSeconds: values.backoffMaxSeconds,
    maxConcurrentDockerCalls: values.maxDockerCalls,
    ...(values.imageCredentials !== undefined ? { imageCredentials: resolve(values.imageCredentials) } : {}),
    ...(values.socket !== undefined ? { socket: resolve(values.socket) } : {}),
    readOnlyPort: values.readOnlyPort,
    readOnlyAddress: values.readOnlyAddress,
    containerLogMaxSize: values.containerLogMaxSize,
    containerLogMaxFiles: values.containerLogMaxFiles,
    nodeLabels: values.nodeLabels,
    systemReserved: values.systemReserved,
    maxPods: values.maxPods,
    ...(values.podMaxPids !== undefined ? { podMaxPids: values.podMaxPids } : {}),
    allowPrivileged: values.allowPrivileged,
    clusterDomain: values.clusterDomain,
    ...(values.allowedHostPaths !== undefined ? { allowedHostPaths: values.allowedHostPaths.map((p) => resolve(p)) } : {}),
    explicit,
  };
}

/** kubelet default containerLogMaxSize: 10Mi. */
const DEFAULT_CONTAINER_LOG_MAX_SIZE = 10 * 2 ** 20;

function parseLogMaxSize(text: string): number {
  const bytes = parseContainerLogMaxSize(text);
  if (!bytes.ok) throw new InvalidArgumentError(bytes.error);
  return bytes.value;
}

function checked<T>(convert: (text: string) => T, check: (value: T) => string | undefined): (text: string) => T {
  return (text) => {
    const value = convert(text);
    const problem = check(value);
    if (problem !== undefined) throw new InvalidArgumentError(problem);
    return value;
  };
}

function parsePositiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError('must be a positive integer');
  return value;
}

/** `a=b,c=d` → `{a: 'b', c: 'd'}` (kubelet `--node-labels`, `--system-reserved`). */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`"${part}" is not key=value`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}
