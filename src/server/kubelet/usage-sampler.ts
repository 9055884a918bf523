/**
 * Reads the node's and the running containers' usage when the Summary is asked for (as a scrape
 * arrives: nothing is read while nobody asks), keeping each previous reading so the next answer
 * has CPU rates. Concurrent requests share one reading.
 */
import type { ApiPod } from '../../api/api-pod.js';
import type { FilesystemStats } from '../../node/disk-pressure.js';
import type { HostUsage } from '../../node/host-usage.js';
import type { ContainerUsage } from '../../runtime/container-usage.js';
import type { ContainerUsageSource } from './container-usage-source.js';
import { asKubeletPod } from './kubelet-pod-lookup.js';
import { makeStatsSummary, runningContainers, type Reading, type StatsSummary } from './stats-summary.js';

export interface UsageSources {
  nodeName: string;
  pods: () => ApiPod[];
  containerUsage: ContainerUsageSource;
  hostUsage: (nowMs: number) => Promise<HostUsage>;
  filesystems: () => Promise<{ nodefs: FilesystemStats; imagefs: FilesystemStats }>;
  now: () => number;
}

/** A reading kept as the next one's "before" only when at least this much older: rates over very short windows are noise. */
const MIN_RATE_WINDOW_MS = 1000;

export class UsageSampler {
  private host: HostUsage | undefined;
  private readonly containers = new Map<string, ContainerUsage>();
  private reading: Promise<StatsSummary> | undefined;

  constructor(private readonly sources: UsageSources) {}

  summary(): Promise<StatsSummary> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<StatsSummary> {
    const { sources } = this;
    // The pods under the names the API server knows them by (metrics-server matches them).
    const pods = sources.pods().map((pod) => asKubeletPod(pod, sources.nodeName));
    const ids = pods.flatMap((pod) => runningContainers(pod).map((c) => c.id));
    const [host, filesystems, usages] = await Promise.all([
      sources.hostUsage(sources.now()),
      sources.filesystems(),
      sources.containerUsage(ids),
    ]);
    const containers = new Map<string, Reading<ContainerUsage>>();
    for (const [id, now] of usages) {
      const before = this.containers.get(id);
      containers.set(id, { now, before });
      if (before === undefined || now.timeMs - before.timeMs >= MIN_RATE_WINDOW_MS) this.containers.set(id, now);
    }
    // Containers gone are forgotten.
    for (const id of this.containers.keys()) if (!containers.has(id)) this.containers.delete(id);
    const hostReading = { now: host, before: this.host };
    if (this.host === undefined || host.timeMs - this.host.timeMs >= MIN_RATE_WINDOW_MS) this.host = host;
    return makeStatsSummary({ nodeName: sources.nodeName, host: hostReading, ...filesystems, pods, containers });
  }
}
