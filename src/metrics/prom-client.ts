/**
 * prom-client, for every file here that makes metrics, loaded without @opentelemetry/api: its
 * index requires its default metrics, whose CPU counter (`processCpuTotal.js`) requires
 * @opentelemetry/api (51 files, about 6 MiB) for exemplars. The agent registers its own process
 * metrics (`process-metrics.ts`) and never calls that file, so it is deferred
 * (`shared/deferred-commonjs.ts`): loaded only if something calls `collectDefaultMetrics`.
 *
 * prom-client is required here, after the deferral, not imported: an `import` is evaluated before
 * the body of the file that holds it, and once bundled (scripts/bundle.mjs) before the body of
 * every file sharing its chunk, this one included, so the deferral would come too late.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PromClient from 'prom-client';
import { deferCommonJsFile } from '../shared/deferred-commonjs.js';

const require = createRequire(import.meta.url);

export const PROCESS_CPU_TOTAL_FILE = join(dirname(require.resolve('prom-client')), 'lib', 'metrics', 'processCpuTotal.js');

deferCommonJsFile(PROCESS_CPU_TOTAL_FILE);

const promClient = require('prom-client') as typeof PromClient;

export const { Counter, Gauge, Histogram, Registry } = promClient;
export type Counter<T extends string = string> = PromClient.Counter<T>;
export type Gauge<T extends string = string> = PromClient.Gauge<T>;
export type Histogram<T extends string = string> = PromClient.Histogram<T>;
export type Registry = PromClient.Registry;
