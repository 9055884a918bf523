import type { Logger } from 'pino';
import type { Pod } from '../api/pod-types.js';
import { emptyDirPath } from './pod-dirs.js';
import { measureDiskUsage } from './disk-usage.js';
import { emptyDirEvictionMessage, emptyDirLimits } from './empty-dir-limits.js';

export interface EmptyDirUsageMonitorDeps {
  rootDir: string;
  /** The pods to watch: admitted, not terminal. */
  pods: () => Pod[];
  /** A volume is over its limit: evict the pod (once; the pod is no longer listed afterwards). */
  onExceeded: (pod: Pod, message: string) => void;
  log: Logger;
  /** kubelet `evictionMonitoringPeriod`: 10 s. */
  intervalMs: number;
  /** Bound on one volume's walk per check. */
  maxEntriesPerVolume: number;
}

/**
 * The eviction manager's emptyDir check (k8s `pkg/kubelet/eviction/eviction_manager.go`
 * `emptyDirLimitEviction`), for disk emptyDir volumes with a sizeLimit: every interval, each
 * volume's usage is measured (bounded, `disk-usage.ts`) and a pod with one over its limit is
 * evicted. Unlike the kubelet, which never evicts static pods (all are critical), minikubelet
 * enforces the limit: the reason users set it (KUBELET-SEMANTICS.md, deliberate differences).
 */
export class EmptyDirUsageMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly deps: EmptyDirUsageMonitorDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.checkAll(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass over every watched volume; a pass still running makes the next tick skip. */
  async checkAll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const pod of this.deps.pods()) await this.checkPod(pod);
    } finally {
      this.running = false;
    }
  }

  private async checkPod(pod: Pod): Promise<void> {
    for (const limit of emptyDirLimits(pod)) {
      const dir = emptyDirPath(this.deps.rootDir, pod.metadata.uid, limit.volume);
      const usage = await measureDiskUsage(dir, { stopAboveBytes: limit.limitBytes, maxEntries: this.deps.maxEntriesPerVolume });
      if (usage.bytes <= limit.limitBytes) continue;
      const message = emptyDirEvictionMessage(limit.volume, limit.limitText);
      this.deps.log.warn(
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: pod.metadata.uid, volume: limit.volume, usageBytes: usage.bytes, limitBytes: limit.limitBytes },
        'Evicting pod: emptyDir volume over its sizeLimit',
      );
      this.deps.onExceeded(pod, message);
      return;
    }
  }
}
