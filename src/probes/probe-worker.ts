import type { Probe } from '../api/pod-types.js';
import type { ProbeClock } from './probe-clock.js';
import type { ProbeKind, ProbeOutcome, ProbeResult, ProbeRun } from './probe-result.js';
import { type ResultRun, countResult } from './result-run.js';

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  probe: Probe;
  /** When this container instance started (epoch ms): initialDelaySeconds counts from here. */
  startedAtMs: number;
  clock: ProbeClock;
  /** Extra wait before the first run: the jitter after an agent start (kubelet worker.go `run`). */
  firstDelayMs: number;
  /** The container's startup probe passed, or it has none (kubelet `UpdatePodStatus` "started"). */
  isStarted: () => boolean;
  /** Runs the handler once. */
  run: () => ProbeRun;
  /** The cached result reached a threshold (the store decides whether that is a change). */
  setResult: (result: ProbeResult) => void;
  /** Every attempt, for events and metrics; `seconds`: how long the handler took to answer. */
  onAttempt: (outcome: ProbeOutcome, seconds: number) => void;
}

/**
 * Probes one container instance with one probe, on one timer (kubelet
 * pkg/kubelet/prober/worker.go). The first run is at `startedAt + initialDelaySeconds` (plus the
 * jitter, if any), then every `periodSeconds`, measured from the previous tick so runs never
 * drift and never overlap. Liveness and readiness wait until the container has started; a startup
 * probe stops once it passed. After liveness or startup reach Failure the worker is on hold: the
 * container is about to be killed, and the manager gives its successor a new worker.
 *
 * A run that outlives its timeout (an exec whose process keeps running in the container: Docker
 * cannot kill an exec'd process) counts as a timeout failure at every tick until it ends, and no
 * second run is started meanwhile: at most one process per probe, however long it hangs.
 */
export class ProbeWorker {
  private timer: unknown;
  private nextAt = 0;
  private stopped = false;
  private onHold = false;
  private resultRun: ResultRun = { count: 0 };
  private inFlight: ProbeRun | undefined;
  /** What the run still in flight came back with (its timeout), repeated while it lingers. */
  private lingering: { outcome: ProbeOutcome; seconds: number } | undefined;

  constructor(private readonly options: ProbeWorkerOptions) {}

  start(): void {
    const { clock, probe, startedAtMs, firstDelayMs } = this.options;
    this.schedule(Math.max(clock.now() + firstDelayMs, startedAtMs + probe.initialDelaySeconds * 1000));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Probing has stopped for this container instance (liveness/startup failed, startup passed). */
  get held(): boolean {
    return this.onHold;
  }

  private schedule(atMs: number): void {
    this.nextAt = atMs;
    this.timer = this.options.clock.setTimeout(() => void this.tick(), Math.max(0, atMs - this.options.clock.now()));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const tickAt = this.nextAt;
    await this.probeOnce();
    if (this.stopped || this.onHold) return;
    const { clock, probe } = this.options;
    this.schedule(Math.max(tickAt + probe.periodSeconds * 1000, clock.now()));
  }

  private async probeOnce(): Promise<void> {
    const { kind, probe, clock, startedAtMs } = this.options;
    // kubelet: skipped while whole seconds since start < initialDelaySeconds (only a clock step gets here).
    if (Math.trunc((clock.now() - startedAtMs) / 1000) < probe.initialDelaySeconds) return;
    const started = this.options.isStarted();
    if (kind === 'startup' && started) {
      this.onHold = true;
      return;
    }
    if (kind !== 'startup' && !started) return;
    let attempt: { outcome: ProbeOutcome; seconds: number };
    if (this.inFlight && this.lingering) {
      attempt = this.lingering;
    } else {
      const run = this.options.run();
      const startedMs = clock.now();
      this.inFlight = run;
      this.lingering = undefined;
      void run.settled.then(
        () => this.settle(run),
        () => this.settle(run),
      );
      const outcome = await run.outcome.catch((err: unknown) => ({ result: 'error' as const, output: err instanceof Error ? err.message : String(err) }));
      attempt = { outcome, seconds: (clock.now() - startedMs) / 1000 };
      if (this.inFlight === run) this.lingering = attempt;
    }
    if (this.stopped) return;
    this.record(attempt.outcome, attempt.seconds);
  }

  private settle(run: ProbeRun): void {
    if (this.inFlight !== run) return;
    this.inFlight = undefined;
    this.lingering = undefined;
  }

  private record(outcome: ProbeOutcome, seconds: number): void {
    const { kind, probe } = this.options;
    this.options.onAttempt(outcome, seconds);
    // kubelet: a prober error is thrown away; a warning is a success with an event.
    if (outcome.result === 'error') return;
    const { run, set } = countResult(this.resultRun, outcome.result === 'failure' ? 'failure' : 'success', probe);
    this.resultRun = run;
    if (!set) return;
    this.options.setResult(set);
    if (kind === 'startup' || (kind === 'liveness' && set === 'failure')) {
      this.onHold = true;
      this.resultRun = { count: 0 };
    }
  }
}
