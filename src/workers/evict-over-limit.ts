import type { Logger } from 'pino';
import { isPodTerminal } from '../status/pod-phase.js';
import type { StatusStore } from '../status/status-store.js';
import { EmptyDirUsageMonitor } from '../volumes/empty-dir-usage-monitor.js';
import type { PodEvictions } from '../volumes/pod-evictions.js';

/** kubelet `evictionMonitoringPeriod`: emptyDir usage is checked every 10 s. */
const EVICTION_MONITORING_MS = 10_000;

/**
 * The eviction manager's emptyDir part: the volumes of pods still running are measured; a pod over
 * a `sizeLimit` is recorded as evicted (surviving agent restarts) and its worker woken to stop it.
 */
export function createEvictionMonitor(deps: {
  rootDir: string;
  store: StatusStore;
  evictions: PodEvictions;
  onEvicted: (podUid: string) => void;
  log: Logger;
}): EmptyDirUsageMonitor {
  const { log } = deps;
  return new EmptyDirUsageMonitor({
    rootDir: deps.rootDir, log, intervalMs: EVICTION_MONITORING_MS, maxEntriesPerVolume: 100_000,
    pods: () => deps.store.list().filter((r) => !isPodTerminal(r.status) && !r.pod.metadata.deletionTimestamp).map((r) => r.pod),
    onExceeded: (pod, message) => {
      deps.evictions.record(pod.metadata.uid, message).then(
        () => deps.onEvicted(pod.metadata.uid),
        (err: unknown) => log.warn({ podUid: pod.metadata.uid, err: { message: (err as Error).message } }, 'Failed to record pod eviction'),
      );
    },
  });
}
