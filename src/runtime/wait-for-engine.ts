import type { Logger } from 'pino';
import type { BackOffStore } from '../shared/backoff-store.js';
import type { ContainerRuntime } from './container-runtime.js';

/** Reconnecting to the engine: 1 s doubling to 30 s. */
export const ENGINE_RECONNECT_BACKOFF = { initialMs: 1000, maxMs: 30_000 };

/**
 * Waits until the engine answers, retrying with the reconnect back-off and one clear log line per
 * attempt; an engine missing at start is a wait, not a crash. Rejects if `signal` aborts.
 */
export function waitForEngine(runtime: ContainerRuntime, backOff: BackOffStore, log: Logger, signal: AbortSignal): Promise<string> {
  return backOff.retry('engine', () => runtime.ping(), signal, (err, retryInMs) => {
    log.warn({ err: { message: err.message }, retryInMs }, 'Docker engine not reachable; retrying (is dockerd running? see scripts/ensure-docker.sh)');
  });
}
