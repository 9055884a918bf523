/**
 * The agent process's own metrics, under prom-client's default names (so dashboards made for
 * Node.js services read them), every one read when scraped. prom-client's `collectDefaultMetrics`
 * is not used: its event-loop histogram (`monitorEventLoopDelay`, 10 ms resolution) wakes the
 * process 100 times a second for as long as it runs, its GC histogram observes every collection,
 * and its CPU counter requires @opentelemetry/api (6 MiB) at import. Here the event-loop lag is
 * one `setImmediate` timed at scrape, as prom-client does for `nodejs_eventloop_lag_seconds`.
 */
import { readdir } from 'node:fs/promises';
import { Counter, Gauge, type Registry } from './prom-client.js';

/** prom-client's `process_start_time_seconds`: whole seconds since the epoch (floored: never after now). */
const START_TIME_SECONDS = Math.floor(Date.now() / 1000 - process.uptime());

export function registerProcessMetrics(registry: Registry): void {
  const registers = [registry];
  const cpu = (name: string, help: string, read: (usage: NodeJS.CpuUsage) => number) =>
    new Counter({
      name, help, registers,
      collect() {
        // A counter read from the kernel's running total: set to it, never incremented.
        this.reset();
        this.inc(read(process.cpuUsage()) / 1e6);
      },
    });
  cpu('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', (u) => u.user);
  cpu('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', (u) => u.system);
  cpu('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', (u) => u.user + u.system);
  const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
    new Gauge({
      name, help, registers,
      async collect() {
        this.set(await read());
      },
    });
  gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage.rss());
  gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', () => START_TIME_SECONDS);
  gauge('process_open_fds', 'Number of open file descriptors.', async () => (await readdir('/proc/self/fd').catch(() => [])).length);
  gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', () => process.memoryUsage().heapTotal);
  gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', () => process.memoryUsage().heapUsed);
  gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', () => process.memoryUsage().external);
  gauge('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.', eventLoopLagSeconds);
}

/** How long a callback queued now waits for the event loop (prom-client's measure). */
function eventLoopLagSeconds(): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => setImmediate(() => resolve(Number(process.hrtime.bigint() - start) / 1e9)));
}
