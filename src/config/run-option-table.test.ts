import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/helpers/capture-io.js';
import { buildProgram } from '../cli/program.js';
import type { RunOptions } from './agent-options.js';
import { CONFIG_FILE_KEYS, ConfigError, loadAgentOptions } from './load-agent-options.js';
import { absolutePath } from './option-value-kinds.js';
import { RUN_OPTION_ROWS } from './run-option-table.js';

/** A value for every config key, as a flag's text (true: a switch given) and as YAML; none the default. */
const SAMPLES: Record<string, { flag: string | true; yaml: string }> = {
  manifestDir: { flag: '/srv/pods', yaml: '/srv/pods' },
  rootDir: { flag: '/srv/state', yaml: '/srv/state' },
  nodeName: { flag: 'node-b', yaml: 'node-b' },
  pauseImage: { flag: 'registry.k8s.io/pause:3.10', yaml: 'registry.k8s.io/pause:3.10' },
  socket: { flag: '/run/minikubelet.sock', yaml: '/run/minikubelet.sock' },
  logLevel: { flag: 'debug', yaml: 'debug' },
  resyncSeconds: { flag: '7', yaml: '7' },
  relistSeconds: { flag: '3', yaml: '3' },
  backoffInitialSeconds: { flag: '2', yaml: '2' },
  backoffMaxSeconds: { flag: '60', yaml: '60' },
  maxDockerCalls: { flag: '4', yaml: '4' },
  runtimeRequestTimeoutSeconds: { flag: '30', yaml: '30' },
  imageCredentials: { flag: '/etc/minikubelet/docker-config.json', yaml: '/etc/minikubelet/docker-config.json' },
  readOnlyPort: { flag: '10255', yaml: '10255' },
  readOnlyAddress: { flag: '0.0.0.0', yaml: '0.0.0.0' },
  apiPort: { flag: '16443', yaml: '16443' },
  apiBindAddress: { flag: '0.0.0.0', yaml: '0.0.0.0' },
  containerLogMaxSize: { flag: '50Mi', yaml: '50Mi' },
  nodeLabels: { flag: 'disktype=ssd,zone=a', yaml: '{disktype: ssd, zone: a}' },
  systemReserved: { flag: 'cpu=500m,memory=1Gi', yaml: '{cpu: 500m, memory: 1Gi}' },
  maxPods: { flag: '20', yaml: '20' },
  podSecurity: { flag: 'restricted', yaml: 'restricted' },
  allowPrivileged: { flag: true, yaml: 'true' },
  allowedHostPaths: { flag: '/srv/a,/srv/b', yaml: '[/srv/a, /srv/b]' },
  clusterDomain: { flag: 'example.org', yaml: 'example.org' },
  serviceClusterIpRange: { flag: '10.200.0.0/16', yaml: '10.200.0.0/16' },
  serviceNodePortRange: { flag: '31000-31999', yaml: '31000-31999' },
  clusterDns: { flag: '10.200.0.53', yaml: '10.200.0.53' },
  runtimeClasses: { flag: 'crun=crun,fast=crun', yaml: '{crun: crun, fast: crun}' },
  resolvConf: { flag: '/run/systemd/resolve/resolv.conf', yaml: '/run/systemd/resolve/resolv.conf' },
  podMaxPids: { flag: '1024', yaml: '1024' },
  containerLogMaxFiles: { flag: '3', yaml: '3' },
  containerLogMaxTotalSize: { flag: '2Gi', yaml: '2Gi' },
  imageGcHighThreshold: { flag: '90', yaml: '90' },
  imageGcLowThreshold: { flag: '70', yaml: '70' },
  imageMinimumGcAge: { flag: '1h30m', yaml: '1h30m' },
  imageGcRepositories: { flag: 'registry.example.org/team-a/,localhost:5000/', yaml: '[registry.example.org/team-a/, "localhost:5000/"]' },
  evictionPressureTransitionPeriod: { flag: '30s', yaml: '30s' },
  address: { flag: '127.0.0.1', yaml: '127.0.0.1' },
  clientCaFile: { flag: '/etc/kubernetes/pki/ca.crt', yaml: '/etc/kubernetes/pki/ca.crt' },
  tlsCertFile: { flag: '/var/lib/kubelet/pki/kubelet.crt', yaml: '/var/lib/kubelet/pki/kubelet.crt' },
  tlsPrivateKeyFile: { flag: '/var/lib/kubelet/pki/kubelet.key', yaml: '/var/lib/kubelet/pki/kubelet.key' },
  authenticationTokenWebhook: { flag: true, yaml: 'true' },
  authorizationMode: { flag: 'Webhook', yaml: 'Webhook' },
  evictionHard: { flag: 'nodefs.available<5%,imagefs.available<2Gi', yaml: "'nodefs.available<5%,imagefs.available<2Gi'" },
  kubeconfig: { flag: '/etc/minikubelet/kubeconfig', yaml: '/etc/minikubelet/kubeconfig' },
  nodeIp: { flag: '192.0.2.10', yaml: '192.0.2.10' },
  registerWithTaints: { flag: 'dedicated=edge:NoSchedule', yaml: '[dedicated=edge:NoSchedule]' },
  port: { flag: '10260', yaml: '10260' },
  nodeStatusUpdateFrequency: { flag: '20s', yaml: '20s' },
  nodeStatusReportFrequency: { flag: '10m', yaml: '10m' },
};

/** Values both sides refuse, and must refuse in the same words. */
const REFUSED: [key: string, value: string][] = [
  ['readOnlyPort', '70000'],
  ['readOnlyAddress', 'localhost'],
  ['clusterDomain', 'Bad_Domain'],
  ['serviceClusterIpRange', '10.96.0.1/12'],
  ['serviceNodePortRange', '32000-31000'],
  ['clusterDns', 'dns.local'],
  ['containerLogMaxSize', '0'],
  ['containerLogMaxSize', 'lots'],
  ['containerLogMaxFiles', '1'],
  ['evictionHard', 'memory.available<100Mi'],
  ['imageGcHighThreshold', '101'],
  ['imageMinimumGcAge', '2 minutes'],
  ['evictionHard', 'nodefs.available<200%'],
];

const FILE_ROWS = RUN_OPTION_ROWS.filter((row) => row.inConfigFile !== false);

function runCommand() {
  return buildProgram(async () => undefined, captureIo()).commands.find((c) => c.name() === 'run')!;
}

/** The RunOptions `minikubelet run <args>` hands over, or what commander printed refusing them. */
async function run(args: string[]): Promise<RunOptions | string> {
  const io = captureIo();
  let options: RunOptions | undefined;
  try {
    await buildProgram(async (o) => void (options = o), io).parseAsync(['node', 'minikubelet', 'run', ...args]);
  } catch (err) {
    if (err instanceof CommanderError) return io.err();
    throw err;
  }
  return options!;
}

async function runOptions(args: string[]): Promise<RunOptions> {
  const options = await run(args);
  if (typeof options === 'string') throw new Error(options);
  return options;
}

function flagOf(key: string): string {
  return RUN_OPTION_ROWS.find((row) => row.key === key)!.flags.split(' ')[0]!;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minikubelet-table-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** AgentOptions from a config file holding `text` (and a manifest directory unless it sets one). */
async function fromFile(text: string): Promise<Record<string, unknown>> {
  const file = join(dir, 'config.yaml');
  await writeFile(file, text.startsWith('manifestDir:') ? text : `manifestDir: /m\n${text}`);
  return { ...(await loadAgentOptions(await runOptions(['--config', file]))) };
}

describe('the run option table', () => {
  it('generates the run flags, in its order, each named after its config key', () => {
    const options = runCommand().options;
    expect(options.map((o) => o.flags)).toEqual(RUN_OPTION_ROWS.map((row) => row.flags));
    expect(options.map((o) => o.attributeName())).toEqual(RUN_OPTION_ROWS.map((row) => row.key));
    for (const [i, row] of RUN_OPTION_ROWS.entries()) {
      const takesValue = row.kind.parse !== undefined || row.kind.choices !== undefined;
      expect(options[i]!.isBoolean(), `${row.flags} is a switch exactly when its kind parses no value`).toBe(!takesValue);
    }
  });

  it('generates a config key for every row but --config', () => {
    expect(RUN_OPTION_ROWS.filter((row) => row.inConfigFile === false).map((row) => row.flags)).toEqual(['--config <file>']);
    expect(CONFIG_FILE_KEYS).toEqual(FILE_ROWS.map((row) => row.key));
    expect(Object.keys(SAMPLES).sort(), 'a sample for every config key').toEqual([...CONFIG_FILE_KEYS].sort());
  });

  it.each(Object.entries(SAMPLES))('gives %s the same value from its flag and from the config file', async (key, sample) => {
    const row = FILE_ROWS.find((r) => r.key === key)!;
    const flag = sample.flag === true ? [flagOf(key)] : [flagOf(key), sample.flag];
    const fromFlag = (await runOptions(['--manifest-dir', '/m', ...flag]))[row.field];
    const byDefault = (await runOptions(['--manifest-dir', '/m']))[row.field];
    expect(fromFlag).not.toEqual(byDefault);
    expect((await fromFile(`${key}: ${sample.yaml}\n`))[row.field]).toEqual(fromFlag);
  });

  it('makes paths absolute: on the command line against the working directory, in the file against the file', async () => {
    for (const row of FILE_ROWS.filter((r) => r.kind === absolutePath)) {
      expect((await runOptions(['--manifest-dir', '/m', flagOf(row.key), 'rel']))[row.field]).toBe(resolve('rel'));
      expect((await fromFile(`${row.key}: rel\n`))[row.field]).toBe(join(dir, 'rel'));
    }
  });

  it.each(REFUSED)('refuses %s %s in the same words from the flag and from the file', async (key, value) => {
    const refusal = await run(['--manifest-dir', '/m', flagOf(key), value]);
    const words = /is invalid\. (.+)\n/.exec(typeof refusal === 'string' ? refusal : '')?.[1];
    expect(words).toBeDefined();
    const error = await fromFile(`${key}: ${value}\n`).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${key}: ${words}`);
  });
});
