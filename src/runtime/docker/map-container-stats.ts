/**
 * The engine's `GET /containers/{id}/stats?stream=false&one-shot=true` answer as a ContainerUsage
 * (pure): the engine passes the cgroup's counters through (`usageFromCounters` reads them).
 */
import { usageFromCounters, type ContainerUsage } from '../container-usage.js';

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
  // A zero time ("0001-01-01T00:00:00Z") means the engine did not say: now.
  const timeMs = Number.isFinite(read) && read > 0 ? read : nowMs;
  return usageFromCounters({ timeMs, cpuNs: cpu, memoryUsage: stats.memory_stats?.usage ?? 0, memoryStat: stats.memory_stats?.stats ?? {} });
}
