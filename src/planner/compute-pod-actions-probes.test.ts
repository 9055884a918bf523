import { describe, expect, it } from 'vitest';
import type { Pod, RestartPolicy } from '../api/pod-types.js';
import type { ProbeResult } from '../probes/probe-result.js';
import type { ObservedContainer } from '../runtime/types.js';
import { observePod } from '../runtime/observed-pod.js';
import { computePodActions } from './compute-pod-actions.js';
import { type BackOffEntry, KUBELET_BACKOFF, backOffKey } from './crash-loop-backoff.js';
import { MINUTE, SECOND, T0, app, makeProbe, makePod, sandbox, specHashOf, specHashes } from './testing/planner-fixtures.js';

// Table tests for probe results in the plan (kubelet kuberuntime_manager.go computePodActions:
// "failed liveness probe" / "failed startup probe"; TestComputePodActions' liveness cases).

const key = (name: string) => backOffKey({ name: 'web', namespace: 'default', uid: 'uid-1' }, name, specHashOf(name));

interface Case {
  it: string;
  policy?: RestartPolicy;
  pod?: (pod: Pod) => void;
  observed: ObservedContainer[];
  liveness?: [string, ProbeResult][];
  startup?: [string, ProbeResult][];
  backOff?: [string, BackOffEntry][];
  want: {
    kill: { id: string; message: string; gracePeriodSeconds?: number }[];
    start: string[];
    waiting?: string[];
    killPod?: boolean;
  };
}

const running = [sandbox(), app('a'), app('b')];

const cases: Case[] = [
  {
    it: 'kills a container whose liveness failed and starts it again at once (no earlier exit: no back-off)',
    observed: running,
    liveness: [['a-0', 'failure']],
    want: { kill: [{ id: 'a-0', message: 'Container a failed liveness probe, will be restarted' }], start: ['a#1'] },
  },
  {
    it: 'keeps a container whose liveness passes or has no result yet',
    observed: running,
    liveness: [['a-0', 'success'], ['b-0', 'unknown']],
    want: { kill: [], start: [] },
  },
  {
    it: 'ignores a failure cached for an older instance of the container',
    observed: [sandbox(), app('a', { attempt: 1, id: 'a-new' }), app('a', { attempt: 0, state: 'exited', exitCode: 137 }), app('b')],
    liveness: [['a-0', 'failure']],
    want: { kill: [], start: [] },
  },
  {
    it: 'kills and restarts a container whose startup probe failed',
    observed: running,
    startup: [['b-0', 'failure']],
    want: { kill: [{ id: 'b-0', message: 'Container b failed startup probe, will be restarted' }], start: ['b#1'] },
  },
  {
    it: 'kills without a restart under restartPolicy Never, keeping the pod while another container runs',
    policy: 'Never',
    observed: running,
    liveness: [['a-0', 'failure']],
    want: { kill: [{ id: 'a-0', message: 'Container a failed liveness probe' }], start: [], killPod: false },
  },
  {
    it: 'kills the pod under Never when the failed container was the last one running',
    policy: 'Never',
    observed: [sandbox(), app('a'), app('b', { state: 'exited', exitCode: 0 })],
    liveness: [['a-0', 'failure']],
    want: { kill: [{ id: 'a-0', message: 'Container a failed liveness probe' }], start: [], killPod: true },
  },
  {
    it: 'restarts under OnFailure',
    policy: 'OnFailure',
    observed: running,
    liveness: [['a-0', 'failure']],
    want: { kill: [{ id: 'a-0', message: 'Container a failed liveness probe, will be restarted' }], start: ['a#1'] },
  },
  {
    it: 'carries the liveness probe`s terminationGracePeriodSeconds to the kill',
    pod: (pod) => {
      pod.spec.containers[0]!.livenessProbe = makeProbe({ terminationGracePeriodSeconds: 5 });
    },
    observed: running,
    liveness: [['a-0', 'failure']],
    want: { kill: [{ id: 'a-0', message: 'Container a failed liveness probe, will be restarted', gracePeriodSeconds: 5 }], start: ['a#1'] },
  },
  {
    it: 'carries the startup probe`s terminationGracePeriodSeconds, not the liveness probe`s',
    pod: (pod) => {
      pod.spec.containers[1]!.livenessProbe = makeProbe({ terminationGracePeriodSeconds: 5 });
      pod.spec.containers[1]!.startupProbe = makeProbe({ terminationGracePeriodSeconds: 7 });
    },
    observed: running,
    startup: [['b-0', 'failure']],
    want: { kill: [{ id: 'b-0', message: 'Container b failed startup probe, will be restarted', gracePeriodSeconds: 7 }], start: ['b#1'] },
  },
  {
    it: 'holds the restart in CrashLoopBackOff when an earlier instance exited within the back-off',
    observed: [sandbox(), app('a', { attempt: 1, id: 'a-1' }), app('a', { attempt: 0, state: 'exited', exitCode: 137, finishedAt: T0 - 5 * SECOND }), app('b')],
    liveness: [['a-1', 'failure']],
    backOff: [[key('a'), { delayMs: 20 * SECOND, lastUpdateMs: T0 - 30 * SECOND }]],
    want: { kill: [{ id: 'a-1', message: 'Container a failed liveness probe, will be restarted' }], start: [], waiting: ['a:CrashLoopBackOff'], killPod: false },
  },
  {
    it: 'restarts at once, advancing the back-off, when the earlier exit is past its back-off',
    observed: [sandbox(), app('a', { attempt: 1, id: 'a-1' }), app('a', { attempt: 0, state: 'exited', exitCode: 137, finishedAt: T0 - MINUTE }), app('b')],
    liveness: [['a-1', 'failure']],
    backOff: [[key('a'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 2 * MINUTE }]],
    want: { kill: [{ id: 'a-1', message: 'Container a failed liveness probe, will be restarted' }], start: ['a#2 backOff'] },
  },
];

describe('computePodActions: liveness and startup results', () => {
  for (const c of cases) {
    it(c.it, () => {
      const pod = makePod({ restartPolicy: c.policy ?? 'Always' });
      c.pod?.(pod);
      const plan = computePodActions({
        pod,
        observed: observePod(pod.metadata.uid, c.observed),
        specHashes: specHashes(pod),
        backOff: new Map(c.backOff ?? []),
        backOffPolicy: KUBELET_BACKOFF,
        nowMs: T0,
        liveness: new Map(c.liveness ?? []),
        startup: new Map(c.startup ?? []),
      });
      expect(plan.containersToKill).toEqual(c.want.kill.map((k) => ({ name: k.id.split('-')[0], ...k })));
      expect(plan.containersToStart.map((s) => `${s.name}#${s.attempt}${s.backOffKey ? ' backOff' : ''}`)).toEqual(c.want.start);
      expect(plan.waiting.map((w) => `${w.name}:${w.reason}`)).toEqual(c.want.waiting ?? []);
      if (c.want.killPod !== undefined) expect(plan.killPod).toBe(c.want.killPod);
    });
  }
});
