import type Docker from 'dockerode';
import type { RuntimeMetrics } from '../runtime-metrics.js';
import { Semaphore } from '../../shared/semaphore.js';
import { DeadlineExceededError } from '../runtime-errors.js';
import { engineUnreachable, isConnectionError, statusOf } from './docker-errors.js';

/** What each part of the adapter reaches the engine through. */
export interface DockerApi {
  docker: Docker;
  calls: DockerCalls;
}

/** kubelet `--runtime-request-timeout` default: 2 minutes. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/**
 * The wrapper around every Docker API call: at most `maxConcurrentCalls` at once (the issue asks
 * for a bound), each timed for /metrics, connection failures turned into EngineUnavailableError,
 * and each given a deadline (kubelet `--runtime-request-timeout`): an engine that stops answering
 * (a frozen dockerd) fails the call instead of wedging the pod's sync and every sync queued behind
 * it. The request itself is left to finish or fail on its own; its answer is then ignored.
 */
export class DockerCalls {
  private readonly bound: Semaphore;

  constructor(
    maxConcurrentCalls: number,
    /** Absent in tests. */
    private readonly metrics: RuntimeMetrics | undefined,
    readonly requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    this.bound = new Semaphore(maxConcurrentCalls);
  }

  /** `fn` within the deadline, counted from when it starts (not while it waits for the bound); `extraMs` on top (a stop's grace period). */
  withDeadline<T>(operation: string, fn: () => Promise<T>, extraMs = 0): Promise<T> {
    const ms = this.requestTimeoutMs + extraMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceededError(`Docker engine did not answer ${operation} within ${Math.round(ms / 1000)}s`)), ms);
      timer.unref();
    });
    return Promise.race([fn(), deadline]).finally(() => clearTimeout(timer));
  }

  async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.bound.run(() => this.timed(operation, () => this.withDeadline(operation, fn)));
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
      const code = status !== undefined ? String(status) : isConnectionError(err) ? 'connection' : err instanceof DeadlineExceededError ? 'timeout' : 'unknown';
      this.metrics?.dockerCall(operation, seconds(), status === 304 ? undefined : code);
      throw err;
    } finally {
      this.metrics?.dockerCallsInFlight(-1);
    }
  }
}
