import type { Logger } from 'pino';

interface WorkerState {
  running: boolean;
  /** A sync was asked for while one ran: run once more after it. */
  again: boolean;
  timer?: NodeJS.Timeout | undefined;
  timerAt?: number | undefined;
}

/**
 * Serializes work per pod (kubelet pod_workers.go): two syncs of one pod never overlap, requests
 * that arrive during a sync fold into one more sync after it, and different pods run in parallel.
 * A failing sync is logged and retried after `retryMs` (the kubelet requeues after 10 s).
 */
export class PodWorkers {
  private readonly workers = new Map<string, WorkerState>();
  private readonly idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly sync: (podUid: string) => Promise<void>,
    private readonly log: Logger,
    private readonly retryMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  enqueue(podUid: string): void {
    if (this.stopped) return;
    const state = this.stateOf(podUid);
    if (state.running) {
      state.again = true;
      return;
    }
    void this.run(podUid, state);
  }

  /** Sync at `atMs` unless an earlier sync is already scheduled. */
  enqueueAt(podUid: string, atMs: number): void {
    if (this.stopped) return;
    const state = this.stateOf(podUid);
    if (state.timer && state.timerAt !== undefined && state.timerAt <= atMs) return;
    if (state.timer) clearTimeout(state.timer);
    state.timerAt = atMs;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.timerAt = undefined;
      this.enqueue(podUid);
    }, Math.max(0, atMs - this.now()));
    state.timer.unref();
  }

  /** Resolves when no sync is running or pending (timers excluded). */
  async idle(): Promise<void> {
    if (this.busy()) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.workers.values()) if (s.timer) clearTimeout(s.timer);
  }

  private busy(): boolean {
    for (const s of this.workers.values()) if (s.running) return true;
    return false;
  }

  private stateOf(podUid: string): WorkerState {
    let state = this.workers.get(podUid);
    if (!state) this.workers.set(podUid, (state = { running: false, again: false }));
    return state;
  }

  private async run(podUid: string, state: WorkerState): Promise<void> {
    state.running = true;
    do {
      state.again = false;
      try {
        await this.sync(podUid);
      } catch (err) {
        this.log.error({ err, podUid }, 'Failed to sync pod');
        this.enqueueAt(podUid, this.now() + this.retryMs);
      }
    } while (state.again && !this.stopped);
    state.running = false;
    if (!state.timer) this.workers.delete(podUid);
    if (!this.busy()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
