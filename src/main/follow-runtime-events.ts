import type { Logger } from 'pino';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { SyncLoop } from '../workers/sync-loop.js';

export interface FollowDeps {
  runtime: ContainerRuntime;
  loop: SyncLoop;
  log: Logger;
  signal: AbortSignal;
}

/**
 * Feeds Docker events to the sync loop. When the stream ends or fails (the engine restarted), it
 * reconnects with back-off (1 s doubling to 30 s) and relists, so nothing that happened while it
 * was away is missed.
 */
export async function followRuntimeEvents({ runtime, loop, log, signal }: FollowDeps): Promise<void> {
  let delayMs = 1000;
  let connected = false;
  while (!signal.aborted) {
    let reason = 'the engine closed it';
    try {
      for await (const event of runtime.events(signal)) {
        if (!connected) {
          connected = true;
          delayMs = 1000;
        }
        loop.onRuntimeEvent(event);
      }
    } catch (err) {
      reason = (err as Error).message;
    }
    if (signal.aborted) return;
    // A stream that ends without an error is as lost as one that fails (dockerd stopping ends it cleanly).
    log.warn({ reason, retryInMs: delayMs }, 'Lost the Docker events stream; reconnecting');
    connected = false;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 30_000);
    if (signal.aborted) return;
    await loop.relist().catch((err) => log.warn({ err: { message: (err as Error).message } }, 'Failed to relist containers after reconnecting'));
  }
}
