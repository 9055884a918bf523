import type Docker from 'dockerode';
import type { RuntimeMetrics } from '../runtime-metrics.js';
import { Semaphore } from '../../shared/semaphore.js';
import { engineUnreachable, isConnectionError, statusOf } from './docker-errors.js';

/** What each part of the adapter reaches the engine through. */
export interface DockerApi {
  docker: Docker;
  calls: DockerCalls;
}

/**
 * The wrapper around every Docker API call: at most `maxConcurrentCalls` at once (the issue asks
 * for a bound), each timed for /metrics, connection failures turned into EngineUnavailableError.
 */
export class DockerCalls {
  private readonly bound: Semaphore;

  constructor(
    maxConcurrentCalls: number,
    /** Absent in tests. */
    private readonly metrics: RuntimeMetrics | undefined,
  ) {
    this.bound = new Semaphore(maxConcurrentCalls);
  }

  async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.bound.run(() => this.timed(operation, fn));
    } catch (err) {
      if (isConnectionError(err)) throw engineUnreachable(operation, err);
      throw err;
    }
  }

  /** Reports the call's time in the engine (not in the queue) and its failure; 304 is no failure. */
  async timed<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    this.metrics?.dockerCallsInFlight(1);
    try {
      const result = await fn();
      this.metrics?.dockerCall(operation, seconds());
      return result;
    } catch (err) {
      const status = statusOf(err);
      const code = status !== undefined ? String(status) : isConnectionError(err) ? 'connection' : 'unknown';
      this.metrics?.dockerCall(operation, seconds(), status === 304 ? undefined : code);
      throw err;
    } finally {
      this.metrics?.dockerCallsInFlight(-1);
    }
  }
}
