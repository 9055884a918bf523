import type { Pod } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { initContainerFailed } from './restart-policy.js';

export interface InitProgress {
  /** All init containers succeeded (or an app container already runs). */
  done: boolean;
  /** Index of the init container to start next (retry of a failed one, or the one after the last success). */
  next?: number;
  /** The init container at `next` failed (its newest instance). */
  failed: boolean;
}

/**
 * kubelet `findNextInitContainerToRun` (kuberuntime_container.go), over the init instances by name,
 * newest first: an app container running means
 * initialization is done (init containers may have been garbage-collected); otherwise, from the
 * last init container back: a failed one is retried, a running one is waited for, and after the
 * last success comes the next.
 */
export function findNextInitContainer(
  pod: Pod,
  byName: ReadonlyMap<string, readonly ObservedContainer[]>,
  appRunning: boolean,
): InitProgress {
  const inits = pod.spec.initContainers;
  if (inits.length === 0) return { done: true, failed: false };
  if (appRunning) return { done: true, failed: false };
  for (let i = inits.length - 1; i >= 0; i--) {
    const newest = byName.get(inits[i]!.name)?.[0];
    if (!newest) continue;
    if (initContainerFailed(newest)) return { done: false, next: i, failed: true };
    if (newest.state === 'running') return { done: false, failed: false };
    if (newest.state === 'created') return { done: false, next: i, failed: false };
    // exited 0
    return i === inits.length - 1 ? { done: true, failed: false } : { done: false, next: i + 1, failed: false };
  }
  return { done: false, next: 0, failed: false };
}
