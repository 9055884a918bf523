import { describe, expect, it } from 'vitest';
import { ProbeResults } from './probe-results.js';

describe('ProbeResults', () => {
  it('calls back only when a cached result changes', () => {
    const changed: string[] = [];
    const results = new ProbeResults((uid) => changed.push(uid));
    results.init('p1', 'a', 'readiness', 'c1', 'failure');
    results.set('p1', 'a', 'readiness', 'c1', 'failure');
    expect(changed).toEqual([]);
    results.set('p1', 'a', 'readiness', 'c1', 'success');
    results.set('p1', 'a', 'readiness', 'c1', 'success');
    expect(changed).toEqual(['p1']);
  });

  it('counts a result for a new container instance as a change', () => {
    const changed: string[] = [];
    const results = new ProbeResults((uid) => changed.push(uid));
    results.set('p1', 'a', 'liveness', 'c1', 'success');
    results.set('p1', 'a', 'liveness', 'c2', 'success');
    expect(changed).toEqual(['p1', 'p1']);
  });

  it('gives the planner one kind by container ID', () => {
    const results = new ProbeResults(() => undefined);
    results.init('p1', 'a', 'liveness', 'c1', 'failure');
    results.init('p1', 'b', 'liveness', 'c2', 'success');
    results.init('p1', 'a', 'startup', 'c1', 'unknown');
    expect(results.byContainerId('p1', 'liveness')).toEqual(new Map([['c1', 'failure'], ['c2', 'success']]));
    expect(results.byContainerId('p2', 'liveness')).toEqual(new Map());
  });

  it('forgets a pod entirely', () => {
    const results = new ProbeResults(() => undefined);
    results.init('p1', 'a', 'liveness', 'c1', 'success');
    results.delete('p1', 'a', 'liveness');
    results.init('p2', 'a', 'liveness', 'c1', 'success');
    results.deletePod('p2');
    expect(results.size).toBe(0);
  });
});
