import type { Logger } from 'pino';

/**
 * The periodic relist (kubelet PLEG relist period), the safety net behind Docker events: every
 * pod the engine or the manifests know of is synced. Whether it reached the engine is the node's
 * Ready condition. Returns the function that stops it.
 */
export function startRelistTimer(
  relist: () => Promise<void>,
  health: { answered(): void; failed(reason: string): void },
  periodMs: number,
  log: Logger,
): () => void {
  // One relist at a time: against a stalled engine each waits out the request timeout, and a pile
  // of them would hold every Docker call slot the pod syncs need.
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    relist()
      .then(
        () => health.answered(),
        (err: Error) => {
          health.failed(err.message);
          log.warn({ err: { message: err.message } }, 'Failed to relist containers');
        },
      )
      .finally(() => {
        inFlight = false;
      });
  }, periodMs);
  return () => clearInterval(timer);
}
