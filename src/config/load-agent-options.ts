import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { closestName } from '../api/did-you-mean.js';
import type { AgentOptions, RunOptions } from './agent-options.js';
import { RUN_OPTION_ROWS, type RunOptionRow } from './run-option-table.js';

/** The rows the `--config` file may set, by key: every `run` flag but `--config`, in camelCase. */
const FILE_ROWS: ReadonlyMap<string, RunOptionRow> = new Map(RUN_OPTION_ROWS.filter((row) => row.inConfigFile !== false).map((row) => [row.key, row]));

/** The `--config` file: the `run` flags in camelCase; flags given on the command line win. */
const ConfigFileSchema = z.strictObject(Object.fromEntries([...FILE_ROWS].map(([key, row]) => [key, row.kind.schema]))).partial();

/** The keys a config file may set: every `run` flag but `--config`, in camelCase. */
export const CONFIG_FILE_KEYS: readonly string[] = [...FILE_ROWS.keys()];

function unknownKey(key: string): string {
  // A field's name for a flag named otherwise (maxConcurrentDockerCalls for --max-docker-calls) has a sure hint.
  const renamed = [...FILE_ROWS.values()].find((row) => row.field === key)?.key;
  const hint = renamed ?? closestName(key, CONFIG_FILE_KEYS);
  return hint ? `unknown key (did you mean ${hint}?)` : 'unknown key';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type FlagOptions = Omit<RunOptions, 'explicit' | 'configFile'>;

/** Flags over the config file over the defaults; the file is validated once, every problem named. */
export async function loadAgentOptions(run: RunOptions): Promise<AgentOptions> {
  const { explicit, configFile, ...flags } = run;
  const merged = configFile ? await mergeConfigFile(configFile, flags, explicit) : flags;
  const { manifestDir } = merged;
  if (manifestDir === undefined) {
    throw new ConfigError('no manifest directory: pass --manifest-dir DIR, or set manifestDir in the file given with --config');
  }
  // kubelet `ValidateKubeletConfiguration`.
  if (merged.imageGcLowThreshold > merged.imageGcHighThreshold) {
    throw new ConfigError(
      `--image-gc-low-threshold (${merged.imageGcLowThreshold}) must not be above --image-gc-high-threshold (${merged.imageGcHighThreshold}): image GC frees down from the high threshold to the low one`,
    );
  }
  return { ...merged, manifestDir };
}

async function mergeConfigFile(configFile: string, flags: FlagOptions, explicit: RunOptions['explicit']): Promise<FlagOptions> {
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
  const dir = path.dirname(configFile);
  const merged: Record<string, unknown> = { ...flags };
  for (const [key, value] of Object.entries(parsed.data)) {
    const row = FILE_ROWS.get(key)!;
    if (!explicit.has(row.field)) merged[row.field] = row.kind.fromFile ? row.kind.fromFile(value, dir) : value;
  }
  // The schema gave each key its field's type (the table's types see to that).
  return merged as FlagOptions;
}
