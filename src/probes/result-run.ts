import type { ProbeResult } from './probe-result.js';

/** Consecutive identical results so far (kubelet worker `lastResult` and `resultRun`). */
export interface ResultRun {
  last?: 'success' | 'failure';
  count: number;
}

export interface Thresholds {
  successThreshold: number;
  failureThreshold: number;
}

/**
 * Counts one attempt (kubelet pkg/kubelet/prober/worker.go `doProbe`): the cached result changes
 * only after `failureThreshold` failures or `successThreshold` successes in a row. Returns the next
 * run and the result to cache, if the threshold is reached. Pure.
 */
export function countResult(run: ResultRun, result: 'success' | 'failure', thresholds: Thresholds): { run: ResultRun; set?: ProbeResult } {
  const count = run.last === result ? run.count + 1 : 1;
  const next: ResultRun = { last: result, count };
  const threshold = result === 'failure' ? thresholds.failureThreshold : thresholds.successThreshold;
  // A threshold of 0 never passes validation's defaults; treat it as 1 rather than never.
  if (count < Math.max(1, threshold)) return { run: next };
  return { run: next, set: result };
}
