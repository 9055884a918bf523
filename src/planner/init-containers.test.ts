import { describe, expect, it } from 'vitest';
import type { ObservedContainer } from '../runtime/types.js';
import type { Pod } from '../api/pod-types.js';
import { observePod } from '../runtime/observed-pod.js';
import { type InitProgress, findNextInitContainer } from './init-containers.js';
import { app, init, makeContainer, makePod } from './testing/planner-fixtures.js';

// Index 0 is `setup`, 1 is `migrate`, 2 is `seed`.
const pod = makePod({ initContainers: [makeContainer('setup'), makeContainer('migrate'), makeContainer('seed')] });

const cases: { it: string; observed: ObservedContainer[]; want: InitProgress }[] = [
  { it: 'starts with the first when no init container ran', observed: [], want: { done: false, next: 0, failed: false } },
  { it: 'waits while one runs', observed: [init('setup', { state: 'running' })], want: { done: false, failed: false } },
  { it: 'goes on with the one after the last success', observed: [init('setup'), init('migrate')], want: { done: false, next: 2, failed: false } },
  { it: 'is done when the last one succeeded', observed: [init('setup'), init('migrate'), init('seed')], want: { done: true, failed: false } },
  {
    it: 'retries a failed one',
    observed: [init('setup'), init('migrate', { exitCode: 3 })],
    want: { done: false, next: 1, failed: true },
  },
  {
    it: 'judges by the newest instance: a success after a failure counts as success',
    observed: [init('setup', { exitCode: 1 }), init('setup', { attempt: 1, exitCode: 0 })],
    want: { done: false, next: 1, failed: false },
  },
  {
    it: 'counts an OOM-killed one as failed, whatever its exit code',
    observed: [init('setup', { exitCode: 0, oomKilled: true })],
    want: { done: false, next: 0, failed: true },
  },
  { it: 'counts one in an unknown state as failed', observed: [init('setup', { state: 'unknown' })], want: { done: false, next: 0, failed: true } },
  {
    it: 'starts one created but never started (not failed)',
    observed: [init('setup'), init('migrate', { state: 'created' })],
    want: { done: false, next: 1, failed: false },
  },
  {
    it: 'is done when an app container runs, even with no init instance left (garbage-collected)',
    observed: [app('a')],
    want: { done: true, failed: false },
  },
  {
    it: 'is not done because an app container merely exited',
    observed: [app('a', { state: 'exited', exitCode: 0 })],
    want: { done: false, next: 0, failed: false },
  },
];

function findNextInit(pod: Pod, containers: ObservedContainer[]) {
  const observed = observePod(pod.metadata.uid, containers);
  return findNextInitContainer(pod, observed.init, containers.some((c) => c.kind === 'app' && c.state === 'running'));
}

describe('findNextInitContainer', () => {
  for (const c of cases) {
    it(c.it, () => {
      expect(findNextInit(pod, c.observed)).toEqual(c.want);
    });
  }

  it('is done at once for a pod without init containers', () => {
    expect(findNextInit(makePod(), [])).toEqual({ done: true, failed: false });
  });
});
