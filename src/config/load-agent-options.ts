import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { LOG_LEVELS, type RunOptions } from '../cli/commands/run.js';
import type { AgentOptions } from './agent-options.js';

const positive = z.number().int().positive();

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
    backOffInitialSeconds: positive,
    backOffMaxSeconds: positive,
    maxConcurrentDockerCalls: positive,
    imageCredentials: z.string().min(1),
  })
  .partial();

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Flags over the config file over the defaults; the file is validated once, every problem named. */
export async function loadAgentOptions(run: RunOptions): Promise<AgentOptions> {
  const { explicit, configFile, ...flags } = run;
  if (!configFile) return flags;
  let raw: unknown;
  try {
    raw = parse(await readFile(configFile, 'utf8')) ?? {};
  } catch (err) {
    throw new ConfigError(`${configFile}: ${(err as Error).message}`);
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${[...i.path, k].join('.')}: unknown key`).join('\n  ');
      return `${i.path.join('.') || '(top level)'}: ${i.message}`;
    });
    throw new ConfigError(`${configFile} is not a valid minikubelet config:\n  ${lines.join('\n  ')}`);
  }
  const file = parsed.data;
  const dir = path.dirname(configFile);
  for (const key of ['manifestDir', 'rootDir', 'socket', 'imageCredentials'] as const) if (file[key]) file[key] = path.resolve(dir, file[key]);
  const merged: AgentOptions = { ...flags };
  for (const [key, value] of Object.entries(file) as [keyof AgentOptions, never][]) {
    if (!explicit.has(key)) merged[key] = value;
  }
  return merged;
}
