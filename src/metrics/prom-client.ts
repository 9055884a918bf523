/**
 * prom-client, for every file here that makes metrics: only the four classes the agent uses
 * (Registry, Counter, Gauge, Histogram), each required from its own file. prom-client's index
 * requires everything else at import too: its default metrics (whose CPU counter,
 * `processCpuTotal.js`, requires @opentelemetry/api, 51 files, for exemplars), Summary (with its
 * t-digest), the Pushgateway, cluster aggregation. The agent registers its own process metrics
 * (`process-metrics.ts`), so the four files are what it runs: 0.3 MiB of heap against 1.3 for the
 * index (issue 18 §4). Where a prom-client of another layout lacks one of the files, the index
 * is loaded, with the CPU counter deferred (`shared/deferred-commonjs.ts`): the memory comes back,
 * the behaviour stays.
 *
 * Required here, not imported: an `import` is evaluated before the body of the file that holds it,
 * and once bundled (scripts/bundle.mjs) before the body of every file sharing its chunk, this one
 * included, so the deferral would come too late.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PromClient from 'prom-client';
import { deferCommonJsFile } from '../shared/deferred-commonjs.js';

const require = createRequire(import.meta.url);

const PROM_CLIENT_LIB = join(dirname(require.resolve('prom-client')), 'lib');
export const PROCESS_CPU_TOTAL_FILE = join(PROM_CLIENT_LIB, 'metrics', 'processCpuTotal.js');
/** The files of the four classes, as prom-client 15 lays them out. */
export const CLASS_FILES = { Registry: 'registry.js', Counter: 'counter.js', Gauge: 'gauge.js', Histogram: 'histogram.js' } as const;

type Classes = Pick<typeof PromClient, keyof typeof CLASS_FILES>;

function load(): Classes {
  const files = Object.values(CLASS_FILES).map((file) => join(PROM_CLIENT_LIB, file));
  if (files.every((file) => existsSync(file))) {
    const [Registry, Counter, Gauge, Histogram] = files.map((file) => require(file) as unknown);
    return { Registry, Counter, Gauge, Histogram } as Classes;
  }
  deferCommonJsFile(PROCESS_CPU_TOTAL_FILE);
  return require('prom-client') as typeof PromClient;
}

export const { Counter, Gauge, Histogram, Registry } = load();
export type Counter<T extends string = string> = PromClient.Counter<T>;
export type Gauge<T extends string = string> = PromClient.Gauge<T>;
export type Histogram<T extends string = string> = PromClient.Histogram<T>;
export type Registry = PromClient.Registry;
