import { describe, expect, it } from 'vitest';
import { countContainersByState, countPodsByPhase } from './tally-pods.js';
import { containerStatus, podStatus, running, terminated, waiting } from './testing/statuses.js';

describe('countPodsByPhase', () => {
  it('reports every phase, zero when no pod is in it', () => {
    const counts = countPodsByPhase([podStatus('Running', []), podStatus('Running', []), podStatus('Failed', [])]);
    expect(Object.fromEntries(counts)).toEqual({ Pending: 0, Running: 2, Succeeded: 0, Failed: 1, Unknown: 0 });
  });
});

describe('countContainersByState', () => {
  it('counts init and app containers by the state their status shows', () => {
    const counts = countContainersByState([
      podStatus('Running', [containerStatus('a', running()), containerStatus('b', waiting('CrashLoopBackOff'))], [containerStatus('init', terminated('Completed', 0))]),
      podStatus('Pending', [containerStatus('c', {})]),
    ]);
    expect(Object.fromEntries(counts)).toEqual({ waiting: 2, running: 1, terminated: 1 });
  });
});
