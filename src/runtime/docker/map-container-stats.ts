/**
 * The engine's `GET /containers/{id}/stats?stream=false&one-shot=true` answer as a ContainerUsage
 * (pure). cgroup v1 and v2 name the memory counters differently; the working set is cAdvisor's:
 * usage less inactive file pages (v1 `total_inactive_file`, v2 `inactive_file`), never below 0;
 * RSS is v1 `total_rss`, v2 `anon`.
 */
import type { ContainerUsage } from '../container-usage.js';

export interface EngineStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number | undefined> };
}

/** undefined when the answer carries no CPU counter (a container that is not running). */
export function mapContainerStats(stats: EngineStats, nowMs: number): ContainerUsage | undefined {
  const cpu = stats.cpu_stats?.cpu_usage?.total_usage;
  if (cpu === undefined) return undefined;
  const read = stats.read === undefined ? NaN : Date.parse(stats.read);
  const memory = stats.memory_stats ?? {};
  const counters = memory.stats ?? {};
  const usage = memory.usage ?? 0;
  const v2 = counters.anon !== undefined || counters.inactive_file !== undefined;
  const inactiveFile = (v2 ? counters.inactive_file : counters.total_inactive_file) ?? 0;
  const rss = (v2 ? counters.anon : (counters.total_rss ?? counters.rss)) ?? 0;
  const pageFaults = v2 ? counters.pgfault : counters.total_pgfault;
  const majorPageFaults = v2 ? counters.pgmajfault : counters.total_pgmajfault;
  return {
    // A zero time ("0001-01-01T00:00:00Z") means the engine did not say: now.
    timeMs: Number.isFinite(read) && read > 0 ? read : nowMs,
    cpuUsageCoreNanoSeconds: cpu,
    memoryUsageBytes: usage,
    memoryWorkingSetBytes: Math.max(0, usage - inactiveFile),
    memoryRssBytes: rss,
    ...(pageFaults !== undefined ? { pageFaults } : {}),
    ...(majorPageFaults !== undefined ? { majorPageFaults } : {}),
  };
}
