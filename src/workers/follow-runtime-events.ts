import type { Logger } from 'pino';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { RuntimeEvent } from '../runtime/types.js';
import type { BackOffStore } from '../shared/backoff-store.js';

export interface FollowDeps {
  runtime: ContainerRuntime;
  /** Where events go, and the relist that catches up after a reconnect. */
  loop: { onRuntimeEvent(event: RuntimeEvent): void; relist(options?: { full?: boolean }): Promise<void> };
  /** The engine reconnect back-off (1 s doubling to 30 s). */
  backOff: BackOffStore;
  log: Logger;
  signal: AbortSignal;
  /** Told when the stream is lost and when the relist after it reached the engine (the node's Ready). */
  health?: { answered(): void; failed(reason: string): void };
}

const KEY = 'events';

/**
 * Feeds Docker events to the sync loop. When the stream ends or fails (the engine restarted), it
 * reconnects with back-off and relists, so nothing that happened while it was away is missed.
 */
export async function followRuntimeEvents({ runtime, loop, backOff, log, signal, health }: FollowDeps): Promise<void> {
  let connected = false;
  while (!signal.aborted) {
    let reason = 'the engine closed it';
    try {
      for await (const event of runtime.events(signal)) {
        if (!connected) {
          connected = true;
          backOff.reset(KEY);
        }
        loop.onRuntimeEvent(event);
      }
    } catch (err) {
      reason = (err as Error).message;
    }
    if (signal.aborted) return;
    // A stream that ends without an error is as lost as one that fails (dockerd stopping ends it cleanly).
    const { delayMs } = backOff.next(KEY);
    log.warn({ reason, retryInMs: delayMs }, 'Lost the Docker events stream; reconnecting');
    health?.failed(`lost the Docker events stream: ${reason}`);
    connected = false;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (signal.aborted) return;
    // Every pod: the events missed meanwhile may have changed more than the containers' states.
    await loop.relist({ full: true }).then(
      () => {
        health?.answered();
        log.info('Relisted containers after reconnecting to the Docker engine');
      },
      (err: Error) => {
        health?.failed(err.message);
        log.warn({ err: { message: err.message } }, 'Failed to relist containers after reconnecting');
      },
    );
  }
}
