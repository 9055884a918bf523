import { describe, expect, it } from 'vitest';
import { podFacts } from '../api/pod-facts.js';
import type { PodStatus } from '../api/pod-status-types.js';
import { observePod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';
import { KUBELET_BACKOFF, sandboxBackOffKey } from './crash-loop-backoff.js';
import { type PodPlan, type PodPlanInput, needsHostPortCheck, planPod } from './plan-pod.js';
import { MINUTE, POD_UID, SECOND, T0, app, makeContainer, makePod, sandbox } from './testing/planner-fixtures.js';

// The pod-level branch of the one plan: one base input, a change per case, the plan's kind and fields.

const withHostPort = () => makePod({ containers: [makeContainer('a', { ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP', hostIP: '' }] })] });

function input(change: Partial<PodPlanInput> & { containers?: ObservedContainer[] } = {}): PodPlanInput {
  const pod = 'pod' in change ? change.pod : makePod();
  const { containers = [], ...rest } = change;
  return {
    pod,
    facts: pod ? podFacts(pod) : undefined,
    observed: observePod(POD_UID, containers),
    olderSameName: undefined,
    admission: { admit: true, fileMtimeMs: 0 },
    busyHostPorts: [],
    eviction: undefined,
    shown: undefined,
    backOff: new Map(),
    backOffPolicy: KUBELET_BACKOFF,
    nowMs: T0,
    ...rest,
  };
}

/** A Running status whose pod started at `startMs`. */
const running = (startMs: number): PodStatus => ({
  phase: 'Running', startTime: new Date(startMs).toISOString().replace('.000Z', 'Z'), conditions: [], initContainerStatuses: [], containerStatuses: [],
});

const shown = (reason: string, message: string): PodStatus => ({ phase: 'Failed', reason, message, conditions: [], initContainerStatuses: [], containerStatuses: [] });

interface Case {
  it: string;
  input: PodPlanInput;
  want: Partial<PodPlan> & { kind: PodPlan['kind'] };
}

const cases: Case[] = [
  { it: 'terminates a pod whose manifest is gone, whatever its containers', input: input({ pod: undefined, containers: [sandbox(), app('a')] }), want: { kind: 'terminate' } },
  {
    it: 'waits for an older pod of the same name before anything else (kubelet allowStaticPodStart)',
    input: input({ olderSameName: 'uid-0', admission: { admit: false, reason: 'OutOfcpu', message: 'no', fileMtimeMs: 0 } }),
    want: { kind: 'wait-for-name', blocker: 'uid-0' },
  },
  {
    it: 'refuses a pod admission refused, announcing it the first time',
    input: input({ admission: { admit: false, reason: 'OutOfmemory', message: 'Node didn\'t have enough resource: memory', fileMtimeMs: 0 } }),
    want: { kind: 'refuse', reason: 'OutOfmemory', message: 'Node didn\'t have enough resource: memory', fromHostPorts: false, announce: true },
  },
  {
    it: 'does not announce a refusal the status already shows',
    input: input({ admission: { admit: false, reason: 'OutOfmemory', message: 'm', fileMtimeMs: 0 }, shown: shown('OutOfmemory', 'm') }),
    want: { kind: 'refuse', announce: false },
  },
  {
    it: 'refuses an admitted pod whose host port a process on the host holds (NodePorts)',
    input: input({ pod: withHostPort(), busyHostPorts: ['0.0.0.0:8080/TCP'] }),
    want: {
      kind: 'refuse', reason: 'NodePorts', fromHostPorts: true, announce: true,
      message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports (in use on the host: 0.0.0.0:8080/TCP)",
    },
  },
  {
    it: 'never runs a pod terminal in the API again, stopping what still runs (node mode: a Failed Always pod)',
    input: input({ terminal: { phase: 'Failed', reason: 'DeadlineExceeded', status: shown('DeadlineExceeded', 'm') }, containers: [sandbox(), app('a', { state: 'exited', exitCode: 1 })] }),
    want: { kind: 'finished', stopRunning: true, terminal: { phase: 'Failed', reason: 'DeadlineExceeded', status: shown('DeadlineExceeded', 'm') } },
  },
  {
    it: 'keeps a Succeeded API pod as it is, its exited containers kept, before any admission or name check',
    input: input({
      terminal: { phase: 'Succeeded', status: { ...shown('', ''), phase: 'Succeeded' } }, olderSameName: 'uid-0', admission: { admit: false, reason: 'OutOfcpu', message: 'no', fileMtimeMs: 0 },
      containers: [sandbox({ state: 'exited' }), app('a', { state: 'exited', exitCode: 0 })],
    }),
    want: { kind: 'finished', stopRunning: false },
  },
  {
    it: 'starts nothing for a terminal API pod that has no containers here (a Failed pod never started)',
    input: input({ terminal: { phase: 'Failed', status: shown('', '') } }),
    want: { kind: 'finished', stopRunning: false },
  },
  {
    it: 'evicts an evicted pod, stopping what still runs',
    input: input({ eviction: 'Usage of EmptyDir volume "cache" exceeds the limit "1Mi".', containers: [sandbox(), app('a')] }),
    want: { kind: 'evict', reason: 'Evicted', message: 'Usage of EmptyDir volume "cache" exceeds the limit "1Mi".', stopRunning: true, announce: true },
  },
  {
    it: 'keeps an evicted pod stopped and says nothing more once the status shows it',
    input: input({ eviction: 'over', shown: shown('Evicted', 'over'), containers: [sandbox({ state: 'exited' }), app('a', { state: 'exited' })] }),
    want: { kind: 'evict', stopRunning: false, announce: false },
  },
  {
    it: 'fails a pod active longer than activeDeadlineSeconds, stopping what runs (kubelet DeadlineExceeded)',
    input: input({ pod: makePod({ activeDeadlineSeconds: 30 }), shown: running(T0 - 30 * SECOND), containers: [sandbox(), app('a')] }),
    want: { kind: 'deadline', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline', stopRunning: true, announce: true },
  },
  {
    it: 'runs a pod within its deadline and asks for a sync when it ends',
    input: input({ pod: makePod({ activeDeadlineSeconds: 30 }), shown: running(T0 - 29 * SECOND), containers: [sandbox(), app('a')] }),
    want: { kind: 'run', deadlineAtMs: T0 + SECOND },
  },
  {
    it: 'keeps a pod past its deadline stopped, announcing it once',
    input: input({ pod: makePod({ activeDeadlineSeconds: 30 }), shown: { ...running(T0 - MINUTE), phase: 'Failed', reason: 'DeadlineExceeded' }, containers: [sandbox({ state: 'exited' })] }),
    want: { kind: 'deadline', stopRunning: false, announce: false },
  },
  {
    it: 'leaves a completed pod alone when its deadline passes',
    input: input({ pod: makePod({ activeDeadlineSeconds: 30 }), shown: { ...running(T0 - MINUTE), phase: 'Succeeded' } }),
    want: { kind: 'run' },
  },
  { it: 'runs an admitted pod, recording Scheduled on its first sync', input: input(), want: { kind: 'run', firstSync: true } },
  { it: 'runs a pod seen before without recording Scheduled again', input: input({ shown: { ...shown('', ''), phase: 'Running' } }), want: { kind: 'run', firstSync: false } },
];

describe('planPod: the pod-level decision', () => {
  for (const c of cases) {
    it(c.it, () => {
      const plan = planPod(c.input);
      const picked = Object.fromEntries(Object.keys(c.want).map((k) => [k, (plan as unknown as Record<string, unknown>)[k]]));
      expect(picked).toEqual(c.want);
    });
  }

  it('plans a new sandbox for a pod with no containers, and the containers in it', () => {
    const plan = planPod(input());
    expect(plan.kind === 'run' && plan.actions.createSandbox).toBe(true);
  });

  it('waits out a failed sandbox creation: no sandbox before the back-off ends, and a sync then', () => {
    const backOff = new Map([[sandboxBackOffKey(POD_UID), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 4 * SECOND }]]);
    const held = planPod(input({ backOff }));
    expect(held.kind === 'run' && held.actions).toMatchObject({ createSandbox: false, containersToStart: [], requeueAtMs: T0 + 6 * SECOND });
    const later = planPod(input({ backOff, nowMs: T0 + 6 * SECOND }));
    expect(later.kind === 'run' && later.actions.createSandbox).toBe(true);
  });
});

describe('needsHostPortCheck', () => {
  const pod = withHostPort();
  it('looks at the host for an admitted pod with hostPorts about to start its first container', () => {
    expect(needsHostPortCheck(pod, observePod(POD_UID, []), { admit: true, fileMtimeMs: 0 })).toBe(true);
  });
  it('does not for a pod already running, one without hostPorts, or one refused', () => {
    expect(needsHostPortCheck(pod, observePod(POD_UID, [sandbox()]), { admit: true, fileMtimeMs: 0 })).toBe(false);
    expect(needsHostPortCheck(makePod(), observePod(POD_UID, []), { admit: true, fileMtimeMs: 0 })).toBe(false);
    expect(needsHostPortCheck(pod, observePod(POD_UID, []), { admit: false, reason: 'r', message: 'm', fileMtimeMs: 0 })).toBe(false);
  });
});
