/**
 * What a container uses of CPU and memory at one moment, as cAdvisor reports it for the kubelet's
 * Summary API (`k8s.io/kubelet/pkg/apis/stats/v1alpha1`): cumulative CPU time, and memory usage,
 * working set (usage less inactive file pages: what the kernel cannot easily drop) and RSS.
 */
export interface ContainerUsage {
  /** When the engine read it (epoch ms). */
  timeMs: number;
  /** Cumulative CPU time on all cores, nanoseconds. */
  cpuUsageCoreNanoSeconds: number;
  memoryUsageBytes: number;
  memoryWorkingSetBytes: number;
  memoryRssBytes: number;
  pageFaults?: number;
  majorPageFaults?: number;
}

/** Reads one container's usage; undefined when the container is gone or not running. */
export type ContainerUsageReader = (containerId: string) => Promise<ContainerUsage | undefined>;

/**
 * A ContainerUsage from a cgroup's counters (pure), as cAdvisor reads them: `memoryStat` is the
 * cgroup's memory.stat (v1 `total_*` keys, v2 `anon`/`inactive_file`); the working set is usage
 * less inactive file pages, never below 0; RSS is v1 `total_rss`, v2 `anon`.
 */
export function usageFromCounters(c: { timeMs: number; cpuNs: number; memoryUsage: number; memoryStat: Readonly<Record<string, number | undefined>> }): ContainerUsage {
  const stat = c.memoryStat;
  const v2 = stat.anon !== undefined || stat.inactive_file !== undefined;
  const inactiveFile = (v2 ? stat.inactive_file : stat.total_inactive_file) ?? 0;
  const rss = (v2 ? stat.anon : (stat.total_rss ?? stat.rss)) ?? 0;
  const pageFaults = v2 ? stat.pgfault : stat.total_pgfault;
  const majorPageFaults = v2 ? stat.pgmajfault : stat.total_pgmajfault;
  return {
    timeMs: c.timeMs,
    cpuUsageCoreNanoSeconds: c.cpuNs,
    memoryUsageBytes: c.memoryUsage,
    memoryWorkingSetBytes: Math.max(0, c.memoryUsage - inactiveFile),
    memoryRssBytes: rss,
    ...(pageFaults !== undefined ? { pageFaults } : {}),
    ...(majorPageFaults !== undefined ? { majorPageFaults } : {}),
  };
}
