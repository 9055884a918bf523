/**
 * Exponential back-off as client-go's (`util/flowcontrol/backoff.go`), the one policy type of every
 * retry the agent makes: crash loops, image pulls and sandbox creation (the kubelet's 10 s doubling
 * to 300 s) and reconnecting to the engine (1 s doubling to 30 s). Pure: state in, state out.
 */

export interface BackOffEntry {
  delayMs: number;
  lastUpdateMs: number;
}

export interface BackOffPolicy {
  initialMs: number;
  maxMs: number;
}

/** An entry not updated for twice the longest delay is forgotten (client-go `hasExpired`). */
function expired(entry: BackOffEntry, atMs: number, policy: BackOffPolicy): boolean {
  return atMs - entry.lastUpdateMs > 2 * policy.maxMs;
}

/** undefined when a retry may go ahead now; else when the back-off ends (`eventMs` + the delay). */
export function backOffUntil(entry: BackOffEntry | undefined, eventMs: number, nowMs: number, policy: BackOffPolicy): number | undefined {
  if (!entry || expired(entry, eventMs, policy)) return undefined;
  const until = eventMs + entry.delayMs;
  return nowMs < until ? until : undefined;
}

/**
 * The entry after a retry went ahead at nowMs (client-go `Next(key, eventTime)`): expiry is judged
 * at `eventMs`, the container's finish time for crash loops (kubelet `doBackOff`), now otherwise.
 */
export function nextBackOff(entry: BackOffEntry | undefined, nowMs: number, policy: BackOffPolicy, eventMs = nowMs): BackOffEntry {
  if (!entry || expired(entry, eventMs, policy)) return { delayMs: policy.initialMs, lastUpdateMs: nowMs };
  return { delayMs: Math.min(entry.delayMs * 2, policy.maxMs), lastUpdateMs: nowMs };
}
