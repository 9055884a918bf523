import { type BackOffEntry, type BackOffPolicy, backOffUntil, nextBackOff } from './backoff.js';

/** What a pure decision may read of a back-off store: the entries (a Map serves in tests). */
export interface BackOffReader {
  get(key: string): BackOffEntry | undefined;
}

/**
 * The one home of back-off state (client-go `Backoff`): entries by key under one policy, read by the
 * planner and advanced by the executor when a retry goes ahead. The clock is injected, so nothing
 * that uses the store reads time itself.
 */
export class BackOffStore implements BackOffReader {
  private readonly entries = new Map<string, BackOffEntry>();

  constructor(
    readonly policy: BackOffPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): BackOffEntry | undefined {
    return this.entries.get(key);
  }

  /** When the back-off of `key` ends, counted from `eventMs` (default: its last update); undefined: go ahead. */
  until(key: string, eventMs?: number): number | undefined {
    const entry = this.entries.get(key);
    return backOffUntil(entry, eventMs ?? entry?.lastUpdateMs ?? 0, this.now(), this.policy);
  }

  /** A retry goes ahead (or just failed): the delay before the one after it. */
  next(key: string, eventMs?: number): BackOffEntry {
    const now = this.now();
    const entry = nextBackOff(this.entries.get(key), now, this.policy, eventMs ?? now);
    this.entries.set(key, entry);
    return entry;
  }

  /** Entries the store lost with an agent restart, read back from elsewhere (container labels); never overwrites. */
  restore(key: string, entry: BackOffEntry): void {
    if (!this.entries.has(key)) this.entries.set(key, entry);
  }

  /** A success: the next failure starts from the first delay again. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Every entry whose key holds `segment` between underscores or at an end (a pod's UID: the pod is gone). */
  forget(segment: string): void {
    for (const key of this.entries.keys()) {
      const parts = key.split('_');
      if (parts.includes(segment)) this.entries.delete(key);
    }
  }

  /** Retries `attempt` until it succeeds or `signal` aborts, sleeping the back-off in between. */
  async retry<T>(key: string, attempt: () => Promise<T>, signal: AbortSignal, onFailure: (err: Error, delayMs: number) => void): Promise<T> {
    for (;;) {
      try {
        const value = await attempt();
        this.reset(key);
        return value;
      } catch (err) {
        if (signal.aborted) throw err;
        const { delayMs } = this.next(key);
        onFailure(err as Error, delayMs);
        await sleep(delayMs, signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
