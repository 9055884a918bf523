import { describe, expect, it } from 'vitest';
import { type BackOffEntry, KUBELET_BACKOFF, backOffKey, backOffUntil, formatGoDuration, nextBackOff } from './crash-loop-backoff.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * A container that crashes `runMs` after each start, restarted by a kubelet that syncs exactly when
 * each back-off ends (our timer): the delays it waited before each restart, in seconds.
 */
function restartDelays(crashes: number, runMs = SECOND): number[] {
  let entry: BackOffEntry | undefined;
  let now = 0;
  const delays: number[] = [];
  for (let i = 0; i < crashes; i++) {
    const finishedAt = now + runMs;
    const until = backOffUntil(entry, finishedAt, finishedAt, KUBELET_BACKOFF);
    now = until ?? finishedAt;
    delays.push((now - finishedAt) / SECOND);
    entry = nextBackOff(entry, now, KUBELET_BACKOFF);
  }
  return delays;
}

describe('crash-loop back-off', () => {
  it('restarts the first crash at once, then waits 10s, 20s, 40s, 80s, 160s and 300s from then on', () => {
    expect(restartDelays(9)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('is not in back-off without an entry', () => {
    expect(backOffUntil(undefined, 0, 0, KUBELET_BACKOFF)).toBeUndefined();
  });

  it('holds a restart until finishedAt + delay, and lets it go at that instant', () => {
    const entry = { delayMs: 40 * SECOND, lastUpdateMs: 0 };
    const finishedAt = 5 * SECOND;
    expect(backOffUntil(entry, finishedAt, finishedAt, KUBELET_BACKOFF)).toBe(45 * SECOND);
    expect(backOffUntil(entry, finishedAt, 44 * SECOND, KUBELET_BACKOFF)).toBe(45 * SECOND);
    expect(backOffUntil(entry, finishedAt, 45 * SECOND, KUBELET_BACKOFF)).toBeUndefined();
  });

  it('forgets the back-off when the container ran more than 10 minutes since the last restart', () => {
    const entry = { delayMs: 300 * SECOND, lastUpdateMs: 0 };
    const finishedAt = 10 * MINUTE + SECOND;
    expect(backOffUntil(entry, finishedAt, finishedAt, KUBELET_BACKOFF)).toBeUndefined();
    expect(nextBackOff(entry, finishedAt, KUBELET_BACKOFF)).toEqual({ delayMs: 10 * SECOND, lastUpdateMs: finishedAt });
  });

  it('still holds a container that ran exactly 10 minutes (expiry is strictly after 2 × max)', () => {
    const entry = { delayMs: 300 * SECOND, lastUpdateMs: 0 };
    expect(backOffUntil(entry, 10 * MINUTE, 10 * MINUTE, KUBELET_BACKOFF)).toBe(15 * MINUTE);
  });

  it('starts again from 10s in a crash loop after a run of more than 10 minutes', () => {
    // Crashes quickly up to the cap, runs 11 minutes once, then crashes quickly again.
    let entry: BackOffEntry | undefined = { delayMs: 300 * SECOND, lastUpdateMs: 0 };
    const longRunEnd = 11 * MINUTE;
    expect(backOffUntil(entry, longRunEnd, longRunEnd, KUBELET_BACKOFF)).toBeUndefined();
    entry = nextBackOff(entry, longRunEnd, KUBELET_BACKOFF);
    const nextCrash = longRunEnd + SECOND;
    expect(backOffUntil(entry, nextCrash, nextCrash, KUBELET_BACKOFF)).toBe(nextCrash + 10 * SECOND);
  });

  it('keeps doubling after a run of under 10 minutes even when the restart itself comes more than 10 minutes after the last one', () => {
    // Expiry is judged at the finish time, as client-go Next(key, finishedAt) in kubelet doBackOff, not at the restart time.
    const entry = { delayMs: 300 * SECOND, lastUpdateMs: 0 };
    const finishedAt = 8 * MINUTE; // ran 8 minutes: not expired
    const restartAt = backOffUntil(entry, finishedAt, finishedAt, KUBELET_BACKOFF)!;
    expect(restartAt).toBe(13 * MINUTE);
    const next = nextBackOff(entry, restartAt, KUBELET_BACKOFF, finishedAt);
    expect(next).toEqual({ delayMs: 300 * SECOND, lastUpdateMs: restartAt });
  });

  it('records the time of the restart as lastUpdate', () => {
    expect(nextBackOff({ delayMs: 20 * SECOND, lastUpdateMs: 0 }, 30 * SECOND, KUBELET_BACKOFF)).toEqual({ delayMs: 40 * SECOND, lastUpdateMs: 30 * SECOND });
  });

  it('follows another policy (ReduceDefaultCrashLoopBackOffDecay: 1 s to 60 s)', () => {
    const policy = { initialMs: SECOND, maxMs: MINUTE };
    let entry: BackOffEntry | undefined;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      entry = nextBackOff(entry, i * SECOND, policy);
      delays.push(entry.delayMs / SECOND);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('keys an entry by pod name, namespace, uid, container name and spec hash', () => {
    expect(backOffKey({ name: 'web', namespace: 'default', uid: 'uid-1' }, 'a', '3f2a9c01')).toBe('web_default_uid-1_a_3f2a9c01');
  });
});

describe('formatGoDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [10 * SECOND, '10s'],
    [40 * SECOND, '40s'],
    [60 * SECOND, '1m0s'],
    [80 * SECOND, '1m20s'],
    [160 * SECOND, '2m40s'],
    [300 * SECOND, '5m0s'],
    [3600 * SECOND, '1h0m0s'],
    [3725 * SECOND, '1h2m5s'],
  ];
  for (const [ms, text] of cases) {
    it(`prints ${ms / SECOND} s as ${text}, as Go's time.Duration does`, () => {
      expect(formatGoDuration(ms)).toBe(text);
    });
  }
});
