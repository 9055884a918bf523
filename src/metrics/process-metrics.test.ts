import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';
import { CLASS_FILES, PROCESS_CPU_TOTAL_FILE } from './prom-client.js';

const require = createRequire(import.meta.url);

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the process metrics', () => {
  it('reports RSS, heap, CPU and event-loop lag under prom-client names, read at scrape', async () => {
    const text = (await new Metrics().exposition()).text;
    const rss = sample(text, 'process_resident_memory_bytes');
    const heapUsed = sample(text, 'nodejs_heap_size_used_bytes');
    const heapTotal = sample(text, 'nodejs_heap_size_total_bytes');
    expect(rss).toBeGreaterThan(10 * 2 ** 20);
    expect(heapUsed).toBeGreaterThan(0);
    expect(heapTotal).toBeGreaterThanOrEqual(heapUsed!);
    expect(rss).toBeGreaterThan(heapUsed!);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeCloseTo(sample(text, 'process_cpu_user_seconds_total')! + sample(text, 'process_cpu_system_seconds_total')!, 2);
    expect(sample(text, 'process_start_time_seconds')).toBeLessThanOrEqual(Date.now() / 1000);
    expect(sample(text, 'process_open_fds')).toBeGreaterThan(2);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/# TYPE process_cpu_seconds_total counter/);
  });

  it("loads only prom-client's four classes: not its index, its default metrics or @opentelemetry/api", async () => {
    await new Metrics().exposition();
    const loaded = Object.keys(require.cache);
    const promClientIndex = require.resolve('prom-client');
    for (const file of Object.values(CLASS_FILES)) expect(loaded.some((f) => f.endsWith(`/prom-client/lib/${file}`)), file).toBe(true);
    expect(loaded).not.toContain(promClientIndex);
    expect(loaded).not.toContain(PROCESS_CPU_TOTAL_FILE);
    expect(loaded.some((file) => file.includes('/@opentelemetry/'))).toBe(false);
    // The file the fallback defers is where this prom-client has it.
    expect(typeof require(PROCESS_CPU_TOTAL_FILE)).toBe('function');
  });
});
