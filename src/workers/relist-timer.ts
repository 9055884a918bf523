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
  const timer = setInterval(() => {
    relist().then(
      () => health.answered(),
      (err: Error) => {
        health.failed(err.message);
        log.warn({ err }, 'Failed to relist containers');
      },
    );
  }, periodMs);
  return () => clearInterval(timer);
}
