/**
 * Crash-loop back-off as the kubelet's (client-go `util/flowcontrol/backoff.go`, used by
 * kuberuntime_manager.go `doBackOff`): per container key, the first restart is immediate, then
 * 10 s doubling to 300 s, measured from the container's finish time; an entry expires when the
 * container ran longer than 10 minutes (2 × max) since the last restart. Pure: state in, state out.
 */

export interface BackOffEntry {
  delayMs: number;
  lastUpdateMs: number;
}

export interface BackOffPolicy {
  initialMs: number;
  maxMs: number;
}

export const KUBELET_BACKOFF: BackOffPolicy = { initialMs: 10_000, maxMs: 300_000 };

/** `<pod>_<ns>_<uid>_<container>_<hash>` (kubelet `getStableKey`): a new image/spec resets it. */
export function backOffKey(pod: { name: string; namespace: string; uid: string }, containerName: string, specHash: string): string {
  return `${pod.name}_${pod.namespace}_${pod.uid}_${containerName}_${specHash}`;
}

function expired(entry: BackOffEntry, atMs: number, policy: BackOffPolicy): boolean {
  return atMs - entry.lastUpdateMs > 2 * policy.maxMs;
}

/** undefined when a restart may go ahead now; else when the back-off ends. */
export function backOffUntil(
  entry: BackOffEntry | undefined,
  finishedAtMs: number,
  nowMs: number,
  policy: BackOffPolicy,
): number | undefined {
  if (!entry || expired(entry, finishedAtMs, policy)) return undefined;
  const until = finishedAtMs + entry.delayMs;
  return nowMs < until ? until : undefined;
}

/**
 * The entry after a restart went ahead at nowMs (client-go `Next(key, eventTime)`): expiry is judged
 * at `eventMs`, the container's finish time for crash loops (kubelet `doBackOff`), now for image pulls.
 */
export function nextBackOff(entry: BackOffEntry | undefined, nowMs: number, policy: BackOffPolicy, eventMs = nowMs): BackOffEntry {
  if (!entry || expired(entry, eventMs, policy)) return { delayMs: policy.initialMs, lastUpdateMs: nowMs };
  return { delayMs: Math.min(entry.delayMs * 2, policy.maxMs), lastUpdateMs: nowMs };
}

/** Go's `time.Duration.String()` for whole seconds: `10s`, `1m20s`, `5m0s`. */
export function formatGoDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
