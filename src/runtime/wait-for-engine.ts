import type { Logger } from 'pino';
import type { ContainerRuntime } from './container-runtime.js';

/**
 * Waits until the engine answers, retrying with back-off (1 s doubling to 30 s) and one clear log
 * line per attempt; an engine missing at start is a wait, not a crash. Rejects if `signal` aborts.
 */
export async function waitForEngine(runtime: ContainerRuntime, log: Logger, signal: AbortSignal): Promise<string> {
  let delayMs = 1000;
  for (;;) {
    try {
      return await runtime.ping();
    } catch (err) {
      if (signal.aborted) throw err;
      log.warn({ err: { message: (err as Error).message }, retryInMs: delayMs }, 'Docker engine not reachable; retrying (is dockerd running? see scripts/ensure-docker.sh)');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 30_000);
    }
  }
}
