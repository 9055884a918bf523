// Regression tests for sandbox re-creation and back-off expiry cases found in review.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { observePod } from '../runtime/observed-pod.js';
import { computePodActions } from './compute-pod-actions.js';
import { type BackOffEntry, KUBELET_BACKOFF, backOffKey, backOffUntil, nextBackOff } from './crash-loop-backoff.js';
import { MINUTE, SECOND, T0, app, init, makeContainer, makePod, sandbox, specHashOf, specHashes } from './testing/planner-fixtures.js';

const key = (name: string) => backOffKey({ name: 'web', namespace: 'default', uid: 'uid-1' }, name, specHashOf(name));

function plan(observed: ObservedContainer[], mutate?: (pod: Pod) => void, backOff: [string, BackOffEntry][] = []) {
  const pod = makePod();
  mutate?.(pod);
  return computePodActions({ pod, observed: observePod(pod.metadata.uid, observed), specHashes: specHashes(pod), backOff: new Map(backOff), backOffPolicy: KUBELET_BACKOFF, nowMs: T0 });
}

describe('computePodActions: sandbox re-creation and back-off expiry', () => {
  // Bug 1: planNewSandbox filters with shouldRestart, which drops containers still running in the dead sandbox.
  it('re-creates a dead sandbox and starts again every container still running in it, with no back-off', () => {
    const actions = plan([sandbox({ state: 'exited' }), app('a'), app('b', { attempt: 2 })], undefined, [
      [key('a'), { delayMs: 40 * SECOND, lastUpdateMs: T0 - 2 * MINUTE }],
    ]);
    expect(actions.killPod).toBe(true);
    expect(actions.createSandbox).toBe(true);
    expect(actions.sandboxAttempt).toBe(1);
    expect(actions.sandboxChanged).toBe(true);
    expect(actions.waiting).toEqual([]);
    expect(actions.containersToStart).toEqual([
      { kind: 'app', index: 0, name: 'a', attempt: 1 },
      { kind: 'app', index: 1, name: 'b', attempt: 3 },
    ]);
  });

  it('re-creates a sandbox that lost its IP while its containers run, and starts them again', () => {
    const actions = plan([sandbox({ ip: undefined }), app('a'), app('b')]);
    expect(actions.createSandbox).toBe(true);
    expect(actions.killPod).toBe(true);
    expect(actions.containersToStart.map((c) => `${c.name}#${c.attempt}`)).toEqual(['a#1', 'b#1']);
  });

  it('re-runs the init containers in a new sandbox when the app containers were still running in the dead one', () => {
    const actions = plan([sandbox({ state: 'exited' }), init('setup'), app('a'), app('b')], (pod) => {
      pod.spec.initContainers = [makeContainer('setup')];
    });
    expect(actions.createSandbox).toBe(true);
    expect(actions.initContainerToStart).toEqual({ kind: 'init', index: 0, name: 'setup', attempt: 1, backOffKey: key('setup'), backOffEventMs: expect.any(Number) });
  });

  // Bug 2: a container running in an old sandbox is killed but not started again; with nothing else kept, killPod stops the current sandbox too.
  it('starts again, in the current sandbox, a container killed because it ran in an old sandbox', () => {
    const actions = plan([sandbox({ state: 'exited' }), sandbox({ attempt: 1 }), app('a', { sandboxId: 'sb0' }), app('b', { attempt: 1, sandboxId: 'sb1' })]);
    expect(actions.containersToKill.map((k) => k.id)).toEqual(['a-0']);
    expect(actions.containersToStart).toEqual([{ kind: 'app', index: 0, name: 'a', attempt: 1 }]);
  });

  it('with two running sandboxes and the containers in the older: kills the older and its containers, starts them in the newer, keeps the newer', () => {
    const actions = plan([sandbox(), sandbox({ attempt: 1 }), app('a'), app('b')]);
    expect(actions.killPod).toBe(false);
    expect(actions.createSandbox).toBe(false);
    expect(actions.sandboxId).toBe('sb1');
    expect(actions.containersToKill.map((k) => k.id)).toEqual(['sb0', 'a-0', 'b-0']);
    expect(actions.containersToStart.map((c) => `${c.name}#${c.attempt}`)).toEqual(['a#1', 'b#1']);
  });

  // Bug 3: the next init container is started by existingId even when that instance belongs to an old sandbox.
  it('creates a fresh init container in the current sandbox instead of starting one created in an old sandbox', () => {
    const actions = plan([sandbox({ state: 'exited' }), sandbox({ attempt: 1 }), init('setup', { state: 'created', sandboxId: 'sb0' })], (pod) => {
      pod.spec.initContainers = [makeContainer('setup')];
    });
    expect(actions.initContainerToStart).toEqual({ kind: 'init', index: 0, name: 'setup', attempt: 1 });
  });

  // Bug 4: nextBackOff judges expiry at the restart time; client-go Next(key, finishedAt) judges it at the finish time.
  it('keeps doubling after a run of under 10 minutes even when the restart itself comes more than 10 minutes after the last one', () => {
    const entry = { delayMs: 300 * SECOND, lastUpdateMs: 0 };
    const finishedAt = 8 * MINUTE; // ran 8 minutes: not expired
    const restartAt = backOffUntil(entry, finishedAt, finishedAt, KUBELET_BACKOFF)!;
    expect(restartAt).toBe(13 * MINUTE);
    const next = (nextBackOff as (...args: unknown[]) => BackOffEntry)(entry, restartAt, KUBELET_BACKOFF, finishedAt);
    expect(next).toEqual({ delayMs: 300 * SECOND, lastUpdateMs: restartAt });
  });
});
