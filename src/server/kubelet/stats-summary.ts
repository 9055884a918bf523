/**
 * The kubelet's Summary API (`GET /stats/summary`, `k8s.io/kubelet/pkg/apis/stats/v1alpha1`
 * `Summary`), the node's and each running container's CPU and memory, pure: from one reading and
 * the one before it (usageNanoCores is the CPU time between the two over the time between them,
 * as cAdvisor derives it from its samples; absent until there are two). A pod's figures are its
 * containers' added up (the sandbox's pause process, a few hundred kilobytes, is left out).
 */
import type { ApiPod } from '../../api/api-pod.js';
import { toRfc3339 } from '../../api/rfc3339.js';
import type { FilesystemStats } from '../../node/disk-pressure.js';
import type { HostUsage } from '../../node/host-usage.js';
import type { ContainerUsage } from '../../runtime/container-usage.js';

export interface CpuStats {
  time: string;
  usageNanoCores?: number;
  usageCoreNanoSeconds: number;
}

export interface MemoryStats {
  time: string;
  availableBytes?: number;
  usageBytes: number;
  workingSetBytes: number;
  rssBytes: number;
  pageFaults?: number;
  majorPageFaults?: number;
}

export interface FsStats {
  time: string;
  availableBytes: number;
  capacityBytes: number;
  usedBytes: number;
  inodesFree: number;
  inodes: number;
  inodesUsed: number;
}

export interface ContainerStats {
  name: string;
  startTime: string;
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface PodStats {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: ContainerStats[];
  cpu?: CpuStats;
  memory?: MemoryStats;
}

export interface StatsSummary {
  node: { nodeName: string; startTime: string; cpu: CpuStats; memory: MemoryStats; fs: FsStats; runtime: { imageFs: FsStats } };
  pods: PodStats[];
}

/** One reading of a container, and the one before it when there was one. */
export interface Reading<T> {
  now: T;
  before?: T | undefined;
}

export interface SummaryInputs {
  nodeName: string;
  host: Reading<HostUsage>;
  nodefs: FilesystemStats;
  imagefs: FilesystemStats;
  pods: ApiPod[];
  /** By container ID (without `docker://`). */
  containers: ReadonlyMap<string, Reading<ContainerUsage>>;
}

/** The running containers of a pod (app and init: sidecars run too) with their IDs and start times. */
export function runningContainers(pod: ApiPod): { name: string; id: string; startedAt: string }[] {
  return [...pod.status.initContainerStatuses, ...pod.status.containerStatuses].flatMap((s) => {
    const startedAt = s.state.running?.startedAt;
    const id = s.containerID?.replace(/^docker:\/\//, '');
    return startedAt !== undefined && id ? [{ name: s.name, id, startedAt }] : [];
  });
}

export function makeStatsSummary(input: SummaryInputs): StatsSummary {
  const { host } = input;
  const time = toRfc3339(host.now.timeMs);
  const pods = input.pods.flatMap((pod): PodStats[] => {
    const containers = runningContainers(pod).flatMap((c): ContainerStats[] => {
      const reading = input.containers.get(c.id);
      return reading === undefined ? [] : [{ name: c.name, startTime: c.startedAt, cpu: cpuStats(reading, reading.now.timeMs), memory: memoryStats(reading.now) }];
    });
    if (containers.length === 0) return [];
    const { name, namespace, uid } = pod.metadata;
    return [{ podRef: { name, namespace, uid: uid ?? '' }, startTime: pod.status.startTime ?? containers[0]!.startTime, containers, ...podTotals(containers) }];
  });
  return {
    node: {
      nodeName: input.nodeName,
      startTime: toRfc3339(host.now.bootTimeMs),
      cpu: cpuStats(host, host.now.timeMs),
      memory: { ...memoryStats(host.now), availableBytes: host.now.memoryAvailableBytes },
      fs: fsStats(input.nodefs, time),
      runtime: { imageFs: fsStats(input.imagefs, time) },
    },
    pods,
  };
}

type CpuReading = Reading<{ timeMs: number; cpuUsageCoreNanoSeconds: number }>;

function cpuStats(reading: CpuReading, timeMs: number): CpuStats {
  const { now, before } = reading;
  const stats: CpuStats = { time: toRfc3339(timeMs), usageCoreNanoSeconds: now.cpuUsageCoreNanoSeconds };
  if (before === undefined) return stats;
  const elapsedNs = (now.timeMs - before.timeMs) * 1e6;
  const usedNs = now.cpuUsageCoreNanoSeconds - before.cpuUsageCoreNanoSeconds;
  // A restarted counter (a container replaced under the same ID cannot be; a host CPU hot-unplug can) gives no rate.
  if (elapsedNs > 0 && usedNs >= 0) stats.usageNanoCores = Math.round((usedNs / elapsedNs) * 1e9);
  return stats;
}

function memoryStats(usage: ContainerUsage | HostUsage): MemoryStats {
  const stats: MemoryStats = { time: toRfc3339(usage.timeMs), usageBytes: usage.memoryUsageBytes, workingSetBytes: usage.memoryWorkingSetBytes, rssBytes: usage.memoryRssBytes };
  if ('pageFaults' in usage && usage.pageFaults !== undefined) stats.pageFaults = usage.pageFaults;
  if ('majorPageFaults' in usage && usage.majorPageFaults !== undefined) stats.majorPageFaults = usage.majorPageFaults;
  return stats;
}

function podTotals(containers: ContainerStats[]): Pick<PodStats, 'cpu' | 'memory'> {
  const sum = (f: (c: ContainerStats) => number | undefined): number | undefined =>
    containers.every((c) => f(c) !== undefined) ? containers.reduce((total, c) => total + (f(c) ?? 0), 0) : undefined;
  const latest = containers.map((c) => c.cpu.time).sort().at(-1)!;
  const nanoCores = sum((c) => c.cpu.usageNanoCores);
  return {
    cpu: { time: latest, usageCoreNanoSeconds: sum((c) => c.cpu.usageCoreNanoSeconds) ?? 0, ...(nanoCores !== undefined ? { usageNanoCores: nanoCores } : {}) },
    memory: { time: latest, usageBytes: sum((c) => c.memory.usageBytes) ?? 0, workingSetBytes: sum((c) => c.memory.workingSetBytes) ?? 0, rssBytes: sum((c) => c.memory.rssBytes) ?? 0 },
  };
}

function fsStats(fs: FilesystemStats, time: string): FsStats {
  return {
    time,
    availableBytes: fs.availableBytes,
    capacityBytes: fs.capacityBytes,
    usedBytes: Math.max(0, fs.capacityBytes - fs.availableBytes),
    inodesFree: fs.inodesFree,
    inodes: fs.inodes,
    inodesUsed: Math.max(0, fs.inodes - fs.inodesFree),
  };
}
