import { describe, expect, it } from 'vitest';
import type { Probe } from '../api/pod-types.js';
import { ProbeWorker, type ProbeWorkerOptions } from './probe-worker.js';
import type { ProbeKind, ProbeOutcome, ProbeResult, ProbeRun } from './probe-result.js';
import { FakeClock } from './testing/fake-clock.js';

const S: ProbeOutcome = { result: 'success', output: '' };
const F: ProbeOutcome = { result: 'failure', output: 'nope' };
const E: ProbeOutcome = { result: 'error', output: 'engine gone' };

function probe(overrides: Partial<Probe> = {}): Probe {
  return { exec: { command: ['true'] }, initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...overrides };
}

interface Harness {
  clock: FakeClock;
  worker: ProbeWorker;
  /** Seconds (fake time) at which the handler ran. */
  runs: number[];
  set: ProbeResult[];
  attempts: ProbeOutcome['result'][];
  started: { value: boolean };
}

/** A worker whose handler answers from `script` in order (the last answer repeats). */
function harness(kind: ProbeKind, script: ProbeOutcome[], options: Partial<ProbeWorkerOptions> = {}): Harness {
  const clock = new FakeClock(0);
  const runs: number[] = [];
  const set: ProbeResult[] = [];
  const attempts: ProbeOutcome['result'][] = [];
  const started = { value: true };
  const worker = new ProbeWorker({
    kind,
    probe: probe(),
    startedAtMs: 0,
    clock,
    firstDelayMs: 0,
    isStarted: () => started.value,
    run: () => {
      runs.push(clock.now() / 1000);
      const outcome = script[Math.min(runs.length - 1, script.length - 1)]!;
      return { outcome: Promise.resolve(outcome), settled: Promise.resolve() };
    },
    setResult: (r) => set.push(r),
    onAttempt: (o) => attempts.push(o.result),
    ...options,
  });
  return { clock, worker, runs, set, attempts, started };
}

describe('ProbeWorker timing', () => {
  it('runs at once when the container just started, then every period', async () => {
    const h = harness('readiness', [S]);
    h.worker.start();
    await h.clock.advance(35_000);
    expect(h.runs).toEqual([0, 10, 20, 30]);
  });

  it('waits initialDelaySeconds from the container start', async () => {
    const h = harness('readiness', [S], { probe: probe({ initialDelaySeconds: 5 }), startedAtMs: 0 });
    await h.clock.advance(2_000);
    h.worker.start();
    await h.clock.advance(30_000);
    expect(h.runs).toEqual([5, 15, 25]);
  });

  it('delays the first run by the jitter it was given', async () => {
    const h = harness('liveness', [S], { firstDelayMs: 3_500 });
    h.worker.start();
    await h.clock.advance(20_000);
    expect(h.runs).toEqual([3.5, 13.5]);
  });

  it('stops its timer when stopped', async () => {
    const h = harness('readiness', [S]);
    h.worker.start();
    await h.clock.advance(1_000);
    h.worker.stop();
    await h.clock.advance(60_000);
    expect(h.runs).toEqual([0]);
    expect(h.clock.pendingTimers).toBe(0);
  });
});

describe('ProbeWorker thresholds and transitions', () => {
  it('sets liveness Failure at failureThreshold, then holds until the container is replaced', async () => {
    const h = harness('liveness', [S, F, F, F]);
    h.worker.start();
    await h.clock.advance(100_000);
    expect(h.runs).toEqual([0, 10, 20, 30]);
    expect(h.set).toEqual(['success', 'failure']);
    expect(h.worker.held).toBe(true);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('flips readiness back and forth and keeps probing', async () => {
    const h = harness('readiness', [F, S, F, F, F, S], { probe: probe({ failureThreshold: 2 }) });
    h.worker.start();
    await h.clock.advance(55_000);
    expect(h.set).toEqual(['success', 'failure', 'failure', 'success']);
    expect(h.worker.held).toBe(false);
  });

  it('needs successThreshold successes in a row for readiness', async () => {
    const h = harness('readiness', [S, S, F, S, S, S], { probe: probe({ successThreshold: 3, failureThreshold: 1 }) });
    h.worker.start();
    await h.clock.advance(55_000);
    expect(h.set).toEqual(['failure', 'success']);
  });

  it('throws away prober errors: they do not count toward a threshold', async () => {
    const h = harness('liveness', [F, E, F, E, F]);
    h.worker.start();
    await h.clock.advance(45_000);
    expect(h.attempts).toEqual(['failure', 'error', 'failure', 'error', 'failure']);
    expect(h.set).toEqual(['failure']);
  });

  it('counts an HTTP redirect warning as a success', async () => {
    const h = harness('readiness', [{ result: 'warning', output: 'Probe terminated redirects, Response body: ' }]);
    h.worker.start();
    await h.clock.advance(1_000);
    expect(h.set).toEqual(['success']);
  });
});

describe('ProbeWorker startup gating', () => {
  it('does not run liveness or readiness before the container has started', async () => {
    const h = harness('liveness', [S]);
    h.started.value = false;
    h.worker.start();
    await h.clock.advance(25_000);
    expect(h.runs).toEqual([]);
    h.started.value = true;
    await h.clock.advance(10_000);
    expect(h.runs).toEqual([30]);
  });

  it('runs the startup probe until its first success, then never again', async () => {
    const h = harness('startup', [F, F, S, S], { probe: probe({ periodSeconds: 1, failureThreshold: 30 }) });
    h.started.value = false;
    h.worker.start();
    await h.clock.advance(10_000);
    expect(h.runs).toEqual([0, 1, 2]);
    expect(h.set).toEqual(['success']);
    expect(h.worker.held).toBe(true);
  });

  it('sets startup Failure after failureThreshold failures and holds', async () => {
    const h = harness('startup', [F], { probe: probe({ periodSeconds: 1, failureThreshold: 3 }) });
    h.started.value = false;
    h.worker.start();
    await h.clock.advance(10_000);
    expect(h.runs).toEqual([0, 1, 2]);
    expect(h.set).toEqual(['failure']);
  });
});

describe('ProbeWorker never runs the same probe twice at once', () => {
  it('repeats a timed-out run as a failure while its process lingers, and starts no second one', async () => {
    const clock = new FakeClock(0);
    const calls: number[] = [];
    let endProcess!: () => void;
    const set: ProbeResult[] = [];
    const attempts: string[] = [];
    const worker = new ProbeWorker({
      kind: 'liveness',
      probe: probe({ periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 5 }),
      startedAtMs: 0,
      clock,
      firstDelayMs: 0,
      isStarted: () => true,
      run: (): ProbeRun => {
        calls.push(clock.now() / 1000);
        if (calls.length === 1) {
          // Times out at once, but the process keeps running until endProcess().
          return { outcome: Promise.resolve({ result: 'failure', output: 'command "sleep 1000" timed out' }), settled: new Promise<void>((r) => (endProcess = r)) };
        }
        return { outcome: Promise.resolve(S), settled: Promise.resolve() };
      },
      setResult: (r) => set.push(r),
      onAttempt: (o) => attempts.push(o.output),
    });
    worker.start();
    await clock.advance(3_500);
    expect(calls).toEqual([0]);
    expect(attempts).toEqual(Array(4).fill('command "sleep 1000" timed out'));
    endProcess();
    await clock.advance(1_000);
    expect(calls).toEqual([0, 4]);
    expect(set).toEqual(['success']);
  });
});
