import type { Pod } from '../api/pod-types.js';
import { LABEL_BACKOFF_DELAY, LABEL_BACKOFF_UPDATED } from '../runtime/labels.js';
import type { ObservedPod } from '../runtime/observed-pod.js';
import type { BackOffReader } from '../shared/backoff-store.js';
import { type BackOffEntry, backOffKey } from './crash-loop-backoff.js';

/**
 * Crash-loop back-off entries the agent does not hold in memory (it restarted), read back from the
 * labels of each container's newest instance, so a crash-looping container gets no burst of
 * instant restarts after an agent restart. Pure: returns the entries to add.
 */
export function restoreBackOff(
  pod: Pod,
  observed: ObservedPod,
  specHashes: ReadonlyMap<string, string>,
  known: BackOffReader,
): Map<string, BackOffEntry> {
  const restored = new Map<string, BackOffEntry>();
  for (const byName of [observed.init, observed.app]) {
    for (const [name, instances] of byName) {
      const key = backOffKey(pod.metadata, name, specHashes.get(name) ?? '');
      if (known.get(key)) continue;
      const labels = instances[0]?.labels ?? {};
      const delayMs = Number(labels[LABEL_BACKOFF_DELAY]);
      const lastUpdateMs = Number(labels[LABEL_BACKOFF_UPDATED]);
      if (delayMs > 0 && lastUpdateMs > 0) restored.set(key, { delayMs, lastUpdateMs });
    }
  }
  return restored;
}
