import path from 'node:path';
import type { Logger } from 'pino';
import type { Pod } from '../api/pod-types.js';
import type { DiskStats } from '../node/disk-pressure.js';
import { thresholdsMet } from '../node/disk-pressure.js';
import type { DiskPressureState } from '../node/disk-pressure-state.js';
import type { EvictionThreshold } from '../node/eviction-thresholds.js';
import { type PodDiskUsage, diskEvictionMessage, podUsageBytes, rankForDiskEviction } from '../node/rank-disk-eviction.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { measureDiskUsage } from '../volumes/disk-usage.js';
import { podDir } from '../volumes/pod-dirs.js';

/** kubelet `evictionMonitoringPeriod`. */
export const EVICTION_MONITORING_MS = 10_000;
/** Bound on one pod's volume walk per check (the emptyDir monitor's bound). */
const MAX_VOLUME_ENTRIES = 100_000;

export interface DiskPressureMonitorDeps {
  rootDir: string;
  thresholds: readonly EvictionThreshold[];
  readStats: () => Promise<DiskStats>;
  state: DiskPressureState;
  runtime: Pick<ContainerRuntime, 'listContainers'>;
  containerUsage: (id: string) => Promise<{ rootfsBytes: number; logsBytes: number }>;
  /** The pods that may be evicted: admitted, not terminal, not evicted already. */
  pods: () => Pod[];
  /** Under imagefs pressure, deletes unused images first (image GC on); pods are evicted only if that was not enough. */
  reclaimImages?: () => Promise<void>;
  /** Records the eviction (it survives agent restarts) and wakes the pod's worker, which kills it. */
  evict: (pod: Pod, message: string) => Promise<void>;
  log: Logger;
  now: () => number;
}

/**
 * The eviction manager's disk part (k8s `pkg/kubelet/eviction/eviction_manager.go` `synchronize`):
 * every 10 s the filesystems are read; the DiskPressure condition follows the hard thresholds met;
 * under pressure one pod (only this agent's) is evicted per pass, the first in the kubelet's
 * ranking, with its message. Pod usage is measured only then (a `du` of its volumes and an
 * inspect per container). Unlike the kubelet, which never evicts static pods (all critical), the
 * pods are evicted: on a single node nothing else frees the disk (KUBELET-SEMANTICS.md).
 */
export class DiskPressureMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastError: string | undefined;
  /** Thresholds met at the last pass (the condition may linger longer: the transition period). */
  private underPressure = false;

  constructor(private readonly deps: DiskPressureMonitorDeps) {}

  start(intervalMs = EVICTION_MONITORING_MS): void {
    void this.synchronize();
    this.timer = setInterval(() => void this.synchronize(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass; a pass still running makes the next tick skip. Never throws. */
  async synchronize(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.pass();
    } catch (err) {
      const message = (err as Error).message;
      this.deps.state.failed(message, this.deps.now());
      if (message !== this.lastError) this.deps.log.warn({ err: { message } }, 'Failed to check disk pressure');
      this.lastError = message;
    } finally {
      this.running = false;
    }
  }

  private async pass(): Promise<void> {
    const { state, log } = this.deps;
    let met = thresholdsMet(await this.deps.readStats(), this.deps.thresholds);
    // kubelet `reclaimNodeLevelResources`: for imagefs signals, unused images go before any pod.
    if (this.deps.reclaimImages && met.some((m) => m.signal.startsWith('imagefs.'))) {
      await this.deps.reclaimImages();
      met = thresholdsMet(await this.deps.readStats(), this.deps.thresholds);
    }
    const wasUnderPressure = this.underPressure;
    this.underPressure = met.length > 0;
    state.observed(met, this.deps.now());
    this.lastError = undefined;
    const first = met[0];
    if (!first) {
      if (wasUnderPressure) log.info('Disk pressure is over');
      return;
    }
    if (!wasUnderPressure) log.warn({ thresholds: met.map((m) => ({ signal: m.signal, threshold: m.text, available: m.available })) }, 'Disk pressure: eviction thresholds met');
    const ranked = rankForDiskEviction(await Promise.all(this.deps.pods().map((pod) => this.usageOf(pod))));
    const victim = ranked[0];
    if (!victim) return;
    const message = diskEvictionMessage(first, victim);
    log.warn({ pod: `${victim.pod.metadata.namespace}/${victim.pod.metadata.name}`, podUid: victim.pod.metadata.uid, usageBytes: podUsageBytes(victim), signal: first.signal }, 'Evicting pod under disk pressure');
    await this.deps.evict(victim.pod, message);
  }

  private async usageOf(pod: Pod): Promise<PodDiskUsage> {
    const uid = pod.metadata.uid;
    const containers = (await this.deps.runtime.listContainers({ podUid: uid })).filter((c) => c.kind === 'app' || c.kind === 'init');
    const byName = new Map<string, number>();
    for (const c of containers) {
      const usage = await this.deps.containerUsage(c.id);
      byName.set(c.containerName, (byName.get(c.containerName) ?? 0) + usage.rootfsBytes + usage.logsBytes);
    }
    const volumes = await measureDiskUsage(path.join(podDir(this.deps.rootDir, uid), 'volumes'), { stopAboveBytes: Infinity, maxEntries: MAX_VOLUME_ENTRIES });
    return { pod, containers: [...byName].map(([name, usageBytes]) => ({ name, usageBytes })), volumesBytes: volumes.bytes };
  }
}
