import { describe, expect, it } from 'vitest';
import { type ResultRun, countResult } from './result-run.js';

function feed(results: ('success' | 'failure')[], thresholds = { successThreshold: 1, failureThreshold: 3 }) {
  let run: ResultRun = { count: 0 };
  const set: (string | undefined)[] = [];
  for (const r of results) {
    const next = countResult(run, r, thresholds);
    run = next.run;
    set.push(next.set);
  }
  return set;
}

describe('countResult', () => {
  const S = 'success' as const;
  const F = 'failure' as const;
  const cases: { it: string; results: (typeof S | typeof F)[]; thresholds?: { successThreshold: number; failureThreshold: number }; want: (string | undefined)[] }[] = [
    { it: 'sets success on the first success with successThreshold 1', results: [S], want: ['success'] },
    { it: 'sets failure only at the third failure in a row', results: [F, F, F], want: [undefined, undefined, 'failure'] },
    { it: 'keeps setting failure after the threshold', results: [F, F, F, F], want: [undefined, undefined, 'failure', 'failure'] },
    { it: 'restarts the count when a success interrupts failures', results: [F, F, S, F, F], want: [undefined, undefined, 'success', undefined, undefined] },
    {
      it: 'needs successThreshold successes in a row (readiness)',
      results: [S, S, F, S, S, S],
      thresholds: { successThreshold: 3, failureThreshold: 1 },
      want: [undefined, undefined, 'failure', undefined, undefined, 'success'],
    },
    { it: 'fails at once with failureThreshold 1', results: [F], thresholds: { successThreshold: 1, failureThreshold: 1 }, want: ['failure'] },
  ];
  for (const c of cases) {
    it(c.it, () => {
      expect(feed(c.results, c.thresholds)).toEqual(c.want);
    });
  }
});
