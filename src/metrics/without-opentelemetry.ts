/**
 * Imported, for its effect, before prom-client by every file here that imports prom-client:
 * prom-client's index requires its default metrics, whose CPU counter (`processCpuTotal.js`)
 * requires @opentelemetry/api (51 files, about 6 MiB) for exemplars. The agent registers its own
 * process metrics (`process-metrics.ts`) and never calls that file, so it is deferred
 * (`shared/deferred-commonjs.ts`): loaded only if something calls `collectDefaultMetrics`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deferCommonJsFile } from '../shared/deferred-commonjs.js';

const require = createRequire(import.meta.url);

export const PROCESS_CPU_TOTAL_FILE = join(dirname(require.resolve('prom-client')), 'lib', 'metrics', 'processCpuTotal.js');

deferCommonJsFile(PROCESS_CPU_TOTAL_FILE);
