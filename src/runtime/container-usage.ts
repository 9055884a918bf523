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
