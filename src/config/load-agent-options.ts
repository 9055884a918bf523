import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { closestName } from '../api/did-you-mean.js';
import { LOG_LEVELS, RENAMED_FLAGS, type RunOptions } from '../cli/commands/run.js';
import type { AgentOptions } from './agent-options.js';
import { checkClusterDomain, checkContainerLogMaxFiles, checkListenAddress, checkPort, parseContainerLogMaxSize } from './run-flag-values.js';

const positive = z.number().int().positive();

function checkedBy<T>(schema: z.ZodType<T>, check: (value: T) => string | undefined) {
  return schema.superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** `10Mi` as the flag takes it; a plain number of bytes too. */
const logMaxSize = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const bytes = parseContainerLogMaxSize(String(value));
  if (bytes.ok) return bytes.value;
  ctx.addIssue({ code: 'custom', message: bytes.error });
  return z.NEVER;
});

/** The `--config` file: the `run` flags in camelCase; flags given on the command line win. */
const ConfigFileSchema = z
  .strictObject({
    manifestDir: z.string().min(1),
    rootDir: z.string().min(1),
    nodeName: z.string().min(1),
    pauseImage: z.string().min(1),
    logLevel: z.enum(LOG_LEVELS),
    resyncSeconds: positive,
    relistSeconds: positive,
    socket: z.string().min(1),
    backoffInitialSeconds: positive,
    backoffMaxSeconds: positive,
    maxDockerCalls: positive,
    imageCredentials: z.string().min(1),
    nodeLabels: z.record(z.string(), z.string()),
    systemReserved: z.record(z.string(), z.string()),
    maxPods: positive,
    allowPrivileged: z.boolean(),
    allowedHostPaths: z.array(z.string().min(1)),
    podMaxPids: positive,
    clusterDomain: checkedBy(z.string(), checkClusterDomain),
    readOnlyPort: checkedBy(z.number(), checkPort),
    readOnlyAddress: checkedBy(z.string(), checkListenAddress),
    containerLogMaxSize: logMaxSize,
    containerLogMaxFiles: checkedBy(z.number(), checkContainerLogMaxFiles),
  })
  .partial();

/** The keys a config file may set: every `run` flag but `--config`, in camelCase. */
export const CONFIG_FILE_KEYS: readonly string[] = Object.keys(ConfigFileSchema.shape);

function unknownKey(key: string): string {
  const renamed = RENAMED_FLAGS_BACK[key];
  const hint = renamed !== undefined && CONFIG_FILE_KEYS.includes(renamed) ? renamed : closestName(key, CONFIG_FILE_KEYS);
  return hint ? `unknown key (did you mean ${hint}?)` : 'unknown key';
}

/** The option names a file might use by mistake for the renamed flags. */
const RENAMED_FLAGS_BACK: Record<string, string> = Object.fromEntries(Object.entries(RENAMED_FLAGS).map(([flag, option]) => [option, flag]));

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Flags over the config file over the defaults; the file is validated once, every problem named. */
export async function loadAgentOptions(run: RunOptions): Promise<AgentOptions> {
  const { explicit, configFile, ...flags } = run;
  const merged = configFile ? await mergeConfigFile(configFile, flags, explicit) : flags;
  const { manifestDir } = merged;
  if (manifestDir === undefined) {
    throw new ConfigError('no manifest directory: pass --manifest-dir DIR, or set manifestDir in the file given with --config');
  }
  return { ...merged, manifestDir };
}

async function mergeConfigFile(
  configFile: string,
  flags: Omit<RunOptions, 'explicit' | 'configFile'>,
  explicit: RunOptions['explicit'],
): Promise<Omit<RunOptions, 'explicit' | 'configFile'>> {
  let raw: unknown;
  try {
    raw = parse(await readFile(configFile, 'utf8')) ?? {};
  } catch (err) {
    throw new ConfigError(`${configFile}: ${(err as Error).message}`);
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${[...i.path, k].join('.')}: ${unknownKey(k)}`).join('\n  ');
      return `${i.path.join('.') || '(top level)'}: ${i.message}`;
    });
    throw new ConfigError(`${configFile} is not a valid minikubelet config:\n  ${lines.join('\n  ')}`);
  }
  const file = parsed.data;
  const dir = path.dirname(configFile);
  for (const key of ['manifestDir', 'rootDir', 'socket', 'imageCredentials'] as const) if (file[key]) file[key] = path.resolve(dir, file[key]);
  const merged = { ...flags };
  for (const [flag, value] of Object.entries(file)) {
    const key = (RENAMED_FLAGS[flag] ?? flag) as keyof typeof merged;
    if (!explicit.has(key)) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
