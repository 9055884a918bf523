/**
 * Crash-loop back-off as the kubelet's (client-go `util/flowcontrol/backoff.go`, used by
 * kuberuntime_manager.go `doBackOff`): per container key, the first restart is immediate, then
 * 10 s doubling to 300 s, measured from the container's finish time; an entry expires when the
 * container ran longer than 10 minutes (2 × max) since the last restart. The math is shared by
 * every back-off (`shared/backoff.ts`); what is the crash loop's own lives here.
 */
import type { BackOffPolicy } from '../shared/backoff.js';

export { type BackOffEntry, type BackOffPolicy, backOffUntil, nextBackOff } from '../shared/backoff.js';
export { formatGoDuration } from '../shared/go-duration.js';

export const KUBELET_BACKOFF: BackOffPolicy = { initialMs: 10_000, maxMs: 300_000 };

/** `<pod>_<ns>_<uid>_<container>_<hash>` (kubelet `getStableKey`): a new image/spec resets it. */
export function backOffKey(pod: { name: string; namespace: string; uid: string }, containerName: string, specHash: string): string {
  return `${pod.name}_${pod.namespace}_${pod.uid}_${containerName}_${specHash}`;
}

/** A pod's sandbox-creation back-off (the kubelet requeues a failed sync with the same back-off). */
export function sandboxBackOffKey(podUid: string): string {
  return `${podUid}_sandbox`;
}
