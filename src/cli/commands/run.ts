/** `run`: the agent in the foreground. Parses its flags into RunOptions and hands them to the daemon. */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_PAUSE_IMAGE } from '../../runtime/docker/ensure-pause-image.js';
import { DEFAULT_ROOT_DIR } from '../api-client.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];


export interface RunOptions {
  /** Absolute. */
  manifestDir: string;
  /** Absolute. */
  rootDir: string;
  nodeName: string;
  pauseImage: string;
  /** `--config FILE`, not read here: the daemon merges it under the flags. */
  configFile?: string;
  logLevel: LogLevel;
  /** Full rescan of the manifest directory (kubelet `fileCheckFrequency`, 20 s). */
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
  /** A Docker config.json with node-level registry credentials (absolute). */
  imageCredentials?: string;
  /** The options set on the command line (not defaulted), so a config file does not override them. */
  explicit: ReadonlySet<keyof RunOptions>;
}

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
    .requiredOption('--manifest-dir <dir>', 'the directory of pod manifests to run')
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
    .action(async (values: RunFlagValues, command: Command) => {
      const explicit = Object.keys(values).filter((key) => command.getOptionValueSource(key) === 'cli');
      await runAgent(toRunOptions(values, explicit));
    });
}

export function toRunOptions(values: RunFlagValues, explicitKeys: readonly string[]): RunOptions {
  const renamed: Record<string, keyof RunOptions> = {
    config: 'configFile',
    backoffInitialSeconds: 'backOffInitialSeconds',
    backoffMaxSeconds: 'backOffMaxSeconds',
    maxDockerCalls: 'maxConcurrentDockerCalls',
  };
  const explicit = new Set(explicitKeys.map((key) => renamed[key] ?? key) as (keyof RunOptions)[]);
  return {
    manifestDir: resolve(values.manifestDir),
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
    explicit,
  };
}

function parsePositiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError('must be a positive integer');
  return value;
}
