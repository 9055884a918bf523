import { describe, expect, it } from 'vitest';
import { PodStartTracker } from './pod-start-tracker.js';
import { T0, containerStatus, event, podStatus, running, waiting } from './testing/statuses.js';

const allRunning = podStatus('Running', [containerStatus('a', running()), containerStatus('b', running())]);
const oneWaiting = podStatus('Pending', [containerStatus('a', running()), containerStatus('b', waiting())]);

describe('PodStartTracker', () => {
  it('measures from the manifest being seen to the first status with every container running', () => {
    const tracker = new PodStartTracker();
    tracker.seen('u1', T0);
    expect(tracker.published('u1', { status: oneWaiting, containerCount: 2, createdAtMs: T0 + 100, events: [], nowMs: T0 + 400 })).toBeUndefined();
    expect(tracker.published('u1', { status: allRunning, containerCount: 2, createdAtMs: T0 + 100, events: [], nowMs: T0 + 900 })).toBe(0.9);
    // Measured once: later statuses (after a restart, say) are not pod starts.
    expect(tracker.published('u1', { status: allRunning, containerCount: 2, createdAtMs: T0 + 100, events: [], nowMs: T0 + 5000 })).toBeUndefined();
  });

  it('leaves the image pulls out', () => {
    const tracker = new PodStartTracker();
    tracker.seen('u1', T0);
    const events = [event('Pulling', 'Pulling image "a"', T0 + 100), event('Pulled', 'Successfully pulled image "a" in 3s', T0 + 3100)];
    expect(tracker.published('u1', { status: allRunning, containerCount: 2, createdAtMs: T0 + 50, events, nowMs: T0 + 3500 })).toBe(0.5);
  });

  it('does not measure a pod adopted already running (its containers predate the manifest being seen)', () => {
    const tracker = new PodStartTracker();
    tracker.seen('u1', T0);
    expect(tracker.published('u1', { status: allRunning, containerCount: 2, createdAtMs: T0 - 60_000, events: [], nowMs: T0 + 10 })).toBeUndefined();
  });

  it('keeps the first sighting and forgets a pod that went away', () => {
    const tracker = new PodStartTracker();
    tracker.seen('u1', T0);
    tracker.seen('u1', T0 + 5000);
    expect(tracker.published('u1', { status: allRunning, containerCount: 2, createdAtMs: T0 + 1, events: [], nowMs: T0 + 6000 })).toBe(6);
    tracker.seen('u2', T0);
    tracker.forget('u2');
    expect(tracker.published('u2', { status: allRunning, containerCount: 2, createdAtMs: T0 + 1, events: [], nowMs: T0 + 6000 })).toBeUndefined();
  });

  it('needs every container of the spec in the status', () => {
    const tracker = new PodStartTracker();
    tracker.seen('u1', T0);
    expect(tracker.published('u1', { status: allRunning, containerCount: 3, createdAtMs: T0 + 1, events: [], nowMs: T0 + 10 })).toBeUndefined();
  });
});
