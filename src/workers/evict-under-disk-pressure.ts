import type { Logger } from 'pino';
import type { DiskPressureState } from '../node/disk-pressure-state.js';
import type { EvictionThreshold } from '../node/eviction-thresholds.js';
import { readDiskStats } from '../node/filesystem-stats.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { isPodTerminal } from '../status/pod-phase.js';
import type { StatusStore } from '../status/status-store.js';
import type { PodEvictions } from '../volumes/pod-evictions.js';
import { DiskPressureMonitor } from './disk-pressure-monitor.js';
/**
 * The eviction manager's disk-pressure part (`DiskPressureMonitor`), on the pods still running that
 * are not evicted yet; off (undefined) without thresholds. The eviction is recorded like an
 * emptyDir's (the pod stays Failed/Evicted across agent restarts) and the pod's worker woken.
 */
export function createDiskPressureMonitor(deps: {
  rootDir: string;
  imageRoot: string | undefined;
  thresholds: readonly EvictionThreshold[];
  state: DiskPressureState;
  runtime: Pick<ContainerRuntime, 'listContainers'>;
  containerUsage: (id: string) => Promise<{ rootfsBytes: number; logsBytes: number }>;
  reclaimImages?: () => Promise<void>;
  store: StatusStore;
  evictions: PodEvictions;
  onEvicted: (podUid: string) => void;
  log: Logger;
  now: () => number;
}): DiskPressureMonitor | undefined {
  if (deps.thresholds.length === 0) return undefined;
  return new DiskPressureMonitor({
    ...deps,
    readStats: () => readDiskStats(deps.rootDir, deps.imageRoot),
    pods: () =>
      deps.store.list()
        .filter((r) => !isPodTerminal(r.status) && !r.pod.metadata.deletionTimestamp && deps.evictions.get(r.pod.metadata.uid) === undefined)
        .map((r) => r.pod),
    evict: async (pod, message) => {
      // A full disk may refuse the record (ENOSPC): the eviction holds in memory all the same.
      await deps.evictions.record(pod.metadata.uid, message).catch((err: unknown) =>
        deps.log.warn({ podUid: pod.metadata.uid, err: { message: (err as Error).message } }, 'Failed to record pod eviction on disk; it holds until the agent restarts'),
      );
      deps.onEvicted(pod.metadata.uid);
    },
  });
}
