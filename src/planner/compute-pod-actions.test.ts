import { describe, expect, it } from 'vitest';
import type { Pod, RestartPolicy } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { observePod } from '../runtime/observed-pod.js';
import { computePodActions } from './compute-pod-actions.js';
import { type BackOffEntry, KUBELET_BACKOFF, backOffKey } from './crash-loop-backoff.js';
import { type ContainerToStart, type PodActions, isNoop } from './pod-actions.js';
import { MINUTE, SECOND, T0, app, init, makeContainer, makePod, sandbox, specHashOf, specHashes } from './testing/planner-fixtures.js';

// Table tests in the manner of the kubelet's TestComputePodActions (kuberuntime_manager_test.go):
// one base pod, a mutation per case, what the engine reports, and the plan fields that matter.

interface Case {
  it: string;
  pod?: (pod: Pod) => void;
  observed: ObservedContainer[];
  backOff?: [string, BackOffEntry][];
  nowMs?: number;
  want: Partial<Summary>;
}

/** The plan reduced to what decides behaviour: ids, not event messages. */
interface Summary {
  killPod: boolean;
  createSandbox: boolean;
  sandboxAttempt: number;
  sandboxId: string | undefined;
  sandboxChanged: boolean;
  initContainerToStart: ContainerToStart | undefined;
  containersToStart: ContainerToStart[];
  containersToKill: string[];
  waiting: { name: string; reason: string; untilMs: number }[];
  containersToRemove: string[];
  requeueAtMs: number | undefined;
}

function summarize(plan: PodActions): Summary {
  return {
    killPod: plan.killPod,
    createSandbox: plan.createSandbox,
    sandboxAttempt: plan.sandboxAttempt,
    sandboxId: plan.sandboxId,
    sandboxChanged: plan.sandboxChanged,
    initContainerToStart: plan.initContainerToStart,
    containersToStart: plan.containersToStart,
    containersToKill: plan.containersToKill.map((k) => k.id),
    waiting: plan.waiting.map(({ name, reason, untilMs }) => ({ name, reason, untilMs })),
    containersToRemove: [...plan.containersToRemove].sort(),
    requeueAtMs: plan.requeueAtMs,
  };
}

function plan(c: Omit<Case, 'it' | 'want'>): PodActions {
  const pod = makePod();
  c.pod?.(pod);
  return computePodActions({
    pod,
    observed: observePod(pod.metadata.uid, c.observed),
    specHashes: specHashes(pod),
    backOff: new Map(c.backOff ?? []),
    backOffPolicy: KUBELET_BACKOFF,
    nowMs: c.nowMs ?? T0,
  });
}

function runCases(cases: Case[]): void {
  for (const c of cases) {
    it(c.it, () => {
      const got = summarize(plan(c));
      const picked = Object.fromEntries(Object.keys(c.want).map((k) => [k, got[k as keyof Summary]]));
      expect(picked).toEqual(c.want);
    });
  }
}

// --- mutations of the base pod (containers a, b; restartPolicy Always) ---

const restartPolicy = (policy: RestartPolicy) => (pod: Pod) => {
  pod.spec.restartPolicy = policy;
};
const withInitContainers =
  (policy: RestartPolicy = 'Always') =>
  (pod: Pod) => {
    pod.spec.initContainers = [makeContainer('setup'), makeContainer('migrate')];
    pod.spec.restartPolicy = policy;
  };

// --- expected starts ---

const INDEX: Record<string, number> = { a: 0, b: 1, setup: 0, migrate: 1 };
const key = (name: string) => backOffKey({ name: 'web', namespace: 'default', uid: 'uid-1' }, name, specHashOf(name));

/** A first start (nothing exited before it): no back-off key to advance. */
const appStart = (name: string, attempt: number, extra: Partial<ContainerToStart> = {}): ContainerToStart => ({
  kind: 'app',
  index: INDEX[name]!,
  name,
  attempt,
  ...extra,
});
/** A restart after an exit: goes ahead now and advances the crash-loop back-off. */
const appRestart = (name: string, attempt: number) => appStart(name, attempt, { backOffKey: key(name), backOffEventMs: expect.any(Number) });
const initStart = (name: string, attempt: number, extra: Partial<ContainerToStart> = {}): ContainerToStart => ({
  kind: 'init',
  index: INDEX[name]!,
  name,
  attempt,
  ...extra,
});
const initRestart = (name: string, attempt: number) => initStart(name, attempt, { backOffKey: key(name), backOffEventMs: expect.any(Number) });

const exited = (exitCode: number, more: Parameters<typeof app>[1] = {}) => ({ state: 'exited' as const, exitCode, ...more });

describe('computePodActions: sandbox and app containers', () => {
  it('does nothing when the sandbox and every container run', () => {
    const actions = plan({ observed: [sandbox(), app('a'), app('b')] });
    expect(isNoop(actions)).toBe(true);
    expect(actions.sandboxId).toBe('sb0');
    expect(actions.waiting).toEqual([]);
  });

  runCases([
    {
      it: 'creates the sandbox and starts every app container in spec order with attempt 0 on the first sync',
      observed: [],
      want: {
        createSandbox: true,
        sandboxAttempt: 0,
        sandboxChanged: false,
        initContainerToStart: undefined,
        containersToStart: [appStart('a', 0), appStart('b', 0)],
        containersToKill: [],
        
      },
    },
    {
      it: 'keeps everything when all runs (sandbox sb0, no kill, no start)',
      observed: [sandbox(), app('a'), app('b')],
      want: { killPod: false, createSandbox: false, sandboxId: 'sb0', sandboxAttempt: 0, containersToStart: [], containersToKill: [], containersToRemove: [] },
    },
    {
      it: 'restarts a container that exited 0 when restartPolicy is Always',
      observed: [sandbox(), app('a', exited(0)), app('b')],
      want: { killPod: false, createSandbox: false, sandboxId: 'sb0', containersToStart: [appRestart('a', 1)], containersToKill: [] },
    },
    {
      it: 'restarts a container that failed when restartPolicy is Always',
      observed: [sandbox(), app('a', exited(1)), app('b')],
      want: { killPod: false, containersToStart: [appRestart('a', 1)] },
    },
    {
      it: 'restarts a container that failed when restartPolicy is OnFailure',
      pod: restartPolicy('OnFailure'),
      observed: [sandbox(), app('a', exited(2)), app('b')],
      want: { killPod: false, containersToStart: [appRestart('a', 1)] },
    },
    {
      it: 'restarts an OOM-killed container (exit 137) when restartPolicy is OnFailure',
      pod: restartPolicy('OnFailure'),
      observed: [sandbox(), app('a', exited(137, { oomKilled: true })), app('b')],
      want: { containersToStart: [appRestart('a', 1)] },
    },
    {
      it: 'does not restart a container that exited 0 when restartPolicy is OnFailure',
      pod: restartPolicy('OnFailure'),
      observed: [sandbox(), app('a', exited(0)), app('b')],
      want: { killPod: false, createSandbox: false, containersToStart: [], containersToKill: [], waiting: [] },
    },
    {
      it: 'does not restart a failed container when restartPolicy is Never',
      pod: restartPolicy('Never'),
      observed: [sandbox(), app('a', exited(1)), app('b')],
      want: { killPod: false, createSandbox: false, containersToStart: [], containersToKill: [], waiting: [] },
    },
    {
      it: 'kills the pod (stops the sandbox) and starts nothing once every container exited under Never',
      pod: restartPolicy('Never'),
      observed: [sandbox(), app('a', exited(0)), app('b', exited(1))],
      want: { killPod: true, createSandbox: false, containersToStart: [], waiting: [] },
    },
    {
      it: 'kills the pod once every container succeeded under OnFailure',
      pod: restartPolicy('OnFailure'),
      observed: [sandbox(), app('a', exited(0)), app('b', exited(0))],
      want: { killPod: true, createSandbox: false, containersToStart: [] },
    },
    {
      it: 'continues the restartCount: the next instance gets the newest attempt + 1',
      observed: [sandbox(), app('a', exited(1, { attempt: 2, finishedAt: T0 - 2 * MINUTE })), app('a', exited(1, { attempt: 3 })), app('b')],
      want: { containersToStart: [appRestart('a', 4)] },
    },
    {
      it: 'starts a container that was created but never started as it is (existingId), without creating a twin',
      observed: [sandbox(), app('a', { state: 'created' }), app('b')],
      want: { containersToStart: [appStart('a', 0, { existingId: 'a-0' })], containersToKill: [] },
    },
    {
      it: 'kills and starts again a running container whose spec hash changed',
      observed: [sandbox(), app('a', { specHash: 'hash-old' }), app('b')],
      want: { killPod: false, containersToKill: ['a-0'], containersToStart: [appStart('a', 1)] },
    },
    {
      it: 'restarts a container whose spec hash changed even when restartPolicy is Never',
      pod: restartPolicy('Never'),
      observed: [sandbox(), app('a', { specHash: 'hash-old' }), app('b')],
      want: { containersToKill: ['a-0'], containersToStart: [appStart('a', 1)] },
    },
    {
      it: 'kills a container in an unknown state and starts it again',
      observed: [sandbox(), app('a', { state: 'unknown' }), app('b')],
      want: { containersToKill: ['a-0'], containersToStart: [appStart('a', 1)] },
    },
  ]);
});

describe('computePodActions: sandbox changes', () => {
  runCases([
    {
      it: 'creates a new sandbox with attempt + 1 after the sandbox exited, and starts every container again (restartCount continues)',
      observed: [sandbox({ state: 'exited' }), app('a', exited(137)), app('b', exited(0, { attempt: 2 }))],
      want: {
        createSandbox: true,
        sandboxAttempt: 1,
        sandboxChanged: true,
        
        initContainerToStart: undefined,
        containersToStart: [appRestart('a', 1), appRestart('b', 3)],
      },
    },
    {
      it: 're-creates a dead sandbox and starts again every container still running in it, with no back-off',
      observed: [sandbox({ state: 'exited' }), app('a'), app('b', { attempt: 2 })],
      backOff: [[key('a'), { delayMs: 40 * SECOND, lastUpdateMs: T0 - 2 * MINUTE }]],
      want: {
        killPod: true,
        createSandbox: true,
        sandboxAttempt: 1,
        sandboxChanged: true,
        waiting: [],
        containersToStart: [appStart('a', 1), appStart('b', 3)],
      },
    },
    {
      it: 'kills what still runs when the sandbox is replaced (sandbox running without an IP)',
      observed: [sandbox({ ip: undefined })],
      want: {
        killPod: true,
        createSandbox: true,
        sandboxAttempt: 1,
        sandboxChanged: true,
        containersToStart: [appStart('a', 0), appStart('b', 0)],
      },
    },
    {
      it: 're-creates a sandbox that lost its IP while its containers run, and starts them again',
      observed: [sandbox({ ip: undefined }), app('a'), app('b')],
      want: { createSandbox: true, killPod: true, containersToStart: [appStart('a', 1), appStart('b', 1)] },
    },
    {
      it: 'keeps a hostNetwork sandbox that has no IP of its own',
      pod: (pod) => {
        pod.spec.hostNetwork = true;
      },
      observed: [sandbox({ ip: undefined }), app('a'), app('b')],
      want: { killPod: false, createSandbox: false, sandboxId: 'sb0', containersToStart: [], containersToKill: [] },
    },
    {
      it: 'creates a new sandbox for a sandbox that was created but never started',
      observed: [sandbox({ state: 'created' })],
      want: { createSandbox: true, sandboxAttempt: 1, sandboxChanged: true, containersToStart: [appStart('a', 0), appStart('b', 0)] },
    },
    {
      it: 'does not bring back a Never pod whose sandbox died after its containers ran',
      pod: restartPolicy('Never'),
      observed: [sandbox({ state: 'exited' }), app('a', exited(0)), app('b', exited(1))],
      want: { createSandbox: false, initContainerToStart: undefined, containersToStart: [] },
    },
    {
      it: 'does not bring back a Never pod whose sandbox died after one container ran, even if another never started',
      pod: restartPolicy('Never'),
      observed: [sandbox({ state: 'exited' }), app('a', exited(1))],
      want: { createSandbox: false, containersToStart: [] },
    },
    {
      it: 'retries the sandbox of a Never pod whose sandbox died before any container was created',
      pod: restartPolicy('Never'),
      observed: [sandbox({ state: 'exited' })],
      want: { createSandbox: true, sandboxAttempt: 1, containersToStart: [appStart('a', 0), appStart('b', 0)] },
    },
    {
      it: 'leaves out, under OnFailure, the containers that already succeeded when the sandbox is re-created',
      pod: restartPolicy('OnFailure'),
      observed: [sandbox({ state: 'exited' }), app('a', exited(0)), app('b', exited(1))],
      want: { createSandbox: true, sandboxAttempt: 1, containersToStart: [appRestart('b', 1)] },
    },
    {
      it: 'creates no sandbox under OnFailure when every container already succeeded',
      pod: restartPolicy('OnFailure'),
      observed: [sandbox({ state: 'exited' }), app('a', exited(0)), app('b', exited(0))],
      want: { createSandbox: false, containersToStart: [] },
    },
    {
      it: 'keeps the newest of two running sandboxes and kills the older',
      observed: [sandbox(), sandbox({ attempt: 1 }), app('a', { sandboxId: 'sb1' }), app('b', { sandboxId: 'sb1' })],
      want: {
        killPod: false,
        createSandbox: false,
        sandboxId: 'sb1',
        sandboxAttempt: 1,
        containersToKill: ['sb0'],
        containersToStart: [],
        containersToRemove: [],
      },
    },
    {
      it: 'kills the older of two running sandboxes and the containers in it, keeps the newer and starts them again there',
      observed: [sandbox(), sandbox({ attempt: 1 }), app('a'), app('b')],
      want: {
        killPod: false,
        createSandbox: false,
        sandboxId: 'sb1',
        containersToKill: ['sb0', 'a-0', 'b-0'],
        containersToStart: [appStart('a', 1), appStart('b', 1)],
      },
    },
    {
      it: 'kills a container still running in an old sandbox',
      observed: [sandbox({ state: 'exited' }), sandbox({ attempt: 1 }), app('a', { sandboxId: 'sb0' }), app('b', { attempt: 1, sandboxId: 'sb1' })],
      want: { createSandbox: false, sandboxId: 'sb1', containersToKill: ['a-0'] },
    },
    {
      it: 'starts again, in the current sandbox, a container killed because it ran in an old sandbox',
      observed: [sandbox({ state: 'exited' }), sandbox({ attempt: 1 }), app('a', { sandboxId: 'sb0' }), app('b', { attempt: 1, sandboxId: 'sb1' })],
      want: { containersToKill: ['a-0'], containersToStart: [appStart('a', 1)] },
    },
    {
      it: 'creates a fresh instance in the current sandbox for a container only created (never started) in an old sandbox',
      observed: [
        sandbox({ state: 'exited' }),
        sandbox({ attempt: 1 }),
        app('a', { state: 'created', sandboxId: 'sb0' }),
        app('b', { attempt: 1, sandboxId: 'sb1' }),
      ],
      want: { sandboxId: 'sb1', containersToStart: [appStart('a', 1)] },
    },
  ]);
});

describe('computePodActions: init containers', () => {
  runCases([
    {
      it: 'starts only the first init container on the first sync, and no app container',
      pod: withInitContainers(),
      observed: [],
      want: { createSandbox: true, sandboxAttempt: 0, initContainerToStart: initStart('setup', 0), containersToStart: [] },
    },
    {
      it: 'waits while the first init container runs',
      pod: withInitContainers(),
      observed: [sandbox(), init('setup', { state: 'running' })],
      want: { killPod: false, createSandbox: false, initContainerToStart: undefined, containersToStart: [], containersToKill: [], waiting: [] },
    },
    {
      it: 'starts the second init container once the first exited 0',
      pod: withInitContainers(),
      observed: [sandbox(), init('setup', exited(0))],
      want: { killPod: false, initContainerToStart: initStart('migrate', 0), containersToStart: [] },
    },
    {
      it: 'restarts the same failed init container under Always',
      pod: withInitContainers('Always'),
      observed: [sandbox(), init('setup', exited(0)), init('migrate', exited(1))],
      want: { killPod: false, initContainerToStart: initRestart('migrate', 1), containersToStart: [] },
    },
    {
      it: 'restarts the same failed init container under OnFailure',
      pod: withInitContainers('OnFailure'),
      observed: [sandbox(), init('setup', exited(0)), init('migrate', exited(1))],
      want: { initContainerToStart: initRestart('migrate', 1) },
    },
    {
      it: 'treats an OOM-killed init container as failed even with exit code 0',
      pod: withInitContainers(),
      observed: [sandbox(), init('setup', exited(0, { oomKilled: true }))],
      want: { initContainerToStart: initRestart('setup', 1) },
    },
    {
      it: 'fails and kills the pod when an init container failed under Never',
      pod: withInitContainers('Never'),
      observed: [sandbox(), init('setup', exited(0)), init('migrate', exited(1))],
      want: { killPod: true, createSandbox: false, initContainerToStart: undefined, containersToStart: [] },
    },
    {
      it: 'starts the app containers once every init container succeeded',
      pod: withInitContainers(),
      observed: [sandbox(), init('setup', exited(0)), init('migrate', exited(0))],
      want: { initContainerToStart: undefined, containersToStart: [appStart('a', 0), appStart('b', 0)] },
    },
    {
      it: 'considers initialization done when an app container runs, even if the init instances were garbage-collected',
      pod: withInitContainers(),
      observed: [sandbox(), app('a')],
      want: { initContainerToStart: undefined, containersToStart: [appStart('b', 0)] },
    },
    {
      it: 'starts an init container created but never started by its existingId',
      pod: withInitContainers(),
      observed: [sandbox(), init('setup', exited(0)), init('migrate', { state: 'created' })],
      want: { initContainerToStart: initStart('migrate', 0, { existingId: 'migrate-0' }) },
    },
    {
      it: 'restarts from the first init container in a new sandbox, although the init containers succeeded in the old one',
      pod: withInitContainers(),
      observed: [sandbox({ state: 'exited' }), init('setup', exited(0)), init('migrate', exited(0)), app('a', exited(137)), app('b', exited(137))],
      want: { createSandbox: true, sandboxAttempt: 1, sandboxChanged: true, initContainerToStart: initRestart('setup', 1), containersToStart: [] },
    },
    {
      it: 're-runs the init containers in a new sandbox when the app containers were still running in the dead one',
      pod: (pod) => {
        pod.spec.initContainers = [makeContainer('setup')];
      },
      observed: [sandbox({ state: 'exited' }), init('setup'), app('a'), app('b')],
      want: { createSandbox: true, initContainerToStart: initRestart('setup', 1) },
    },
    {
      it: 'runs, in the new sandbox, the init containers that only succeeded in the old one before any app container',
      pod: withInitContainers(),
      observed: [
        sandbox({ state: 'exited' }),
        sandbox({ attempt: 1 }),
        init('setup', exited(0, { sandboxId: 'sb0' })),
        init('migrate', exited(0, { sandboxId: 'sb0' })),
        init('setup', exited(0, { attempt: 1, sandboxId: 'sb1' })),
        app('a', exited(137, { sandboxId: 'sb0' })),
        app('b', exited(137, { sandboxId: 'sb0' })),
      ],
      want: { createSandbox: false, sandboxId: 'sb1', initContainerToStart: initRestart('migrate', 1), containersToStart: [] },
    },
    {
      it: 'creates a fresh init container in the current sandbox instead of starting one created in an old sandbox',
      pod: (pod) => {
        pod.spec.initContainers = [makeContainer('setup')];
      },
      observed: [sandbox({ state: 'exited' }), sandbox({ attempt: 1 }), init('setup', { state: 'created', sandboxId: 'sb0' })],
      want: { initContainerToStart: initStart('setup', 1) },
    },
  ]);
});

describe('computePodActions: crash-loop back-off', () => {
  const finishedAt = T0 - 5 * SECOND;
  const crashed = (attempt: number) => app('a', exited(1, { attempt, finishedAt }));

  runCases([
    {
      it: 'restarts at once after the first crash, with the key to advance',
      observed: [sandbox(), crashed(0), app('b')],
      want: { containersToStart: [appRestart('a', 1)], waiting: [], requeueAtMs: undefined },
    },
    {
      it: 'holds the second crash in CrashLoopBackOff until finishedAt + 10 s, and asks for a sync then',
      observed: [sandbox(), crashed(1), app('b')],
      backOff: [[key('a'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 8 * SECOND }]],
      want: {
        killPod: false,
        containersToStart: [],
        waiting: [{ name: 'a', reason: 'CrashLoopBackOff', untilMs: finishedAt + 10 * SECOND }],
        requeueAtMs: finishedAt + 10 * SECOND,
      },
    },
    {
      it: 'restarts once the back-off delay has passed',
      observed: [sandbox(), crashed(1), app('b')],
      backOff: [[key('a'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 8 * SECOND }]],
      nowMs: finishedAt + 10 * SECOND,
      want: { containersToStart: [appRestart('a', 2)], waiting: [], requeueAtMs: undefined },
    },
    {
      it: 'backs off a container that exited 0 under Always too',
      observed: [sandbox(), app('a', exited(0, { attempt: 1, finishedAt })), app('b')],
      backOff: [[key('a'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 8 * SECOND }]],
      want: { containersToStart: [], waiting: [{ name: 'a', reason: 'CrashLoopBackOff', untilMs: finishedAt + 10 * SECOND }] },
    },
    {
      it: 'forgets the back-off of a container that ran for more than 10 minutes',
      observed: [sandbox(), crashed(5), app('b')],
      backOff: [[key('a'), { delayMs: 300 * SECOND, lastUpdateMs: finishedAt - 10 * MINUTE - SECOND }]],
      want: { containersToStart: [appRestart('a', 6)], waiting: [] },
    },
    {
      it: 'does not hold a container whose spec changed: the back-off key includes the spec hash',
      observed: [sandbox(), app('a', exited(1, { attempt: 1, finishedAt, specHash: 'hash-old' })), app('b')],
      backOff: [[backOffKey({ name: 'web', namespace: 'default', uid: 'uid-1' }, 'a', 'hash-old'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 8 * SECOND }]],
      want: { containersToStart: [appRestart('a', 2)], waiting: [] },
    },
    {
      it: 'does not kill the pod while its containers wait in back-off, and requeues at the earliest expiry',
      observed: [sandbox(), crashed(1), app('b', exited(1, { attempt: 3, finishedAt: T0 - 30 * SECOND }))],
      backOff: [
        [key('a'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 8 * SECOND }],
        [key('b'), { delayMs: 40 * SECOND, lastUpdateMs: T0 - 31 * SECOND }],
      ],
      want: {
        killPod: false,
        containersToStart: [],
        waiting: [
          { name: 'a', reason: 'CrashLoopBackOff', untilMs: T0 + 5 * SECOND },
          { name: 'b', reason: 'CrashLoopBackOff', untilMs: T0 + 10 * SECOND },
        ],
        requeueAtMs: T0 + 5 * SECOND,
      },
    },
    {
      it: 'holds a failed init container in back-off and starts nothing else',
      pod: withInitContainers(),
      observed: [sandbox(), init('setup', exited(1, { attempt: 1, finishedAt }))],
      backOff: [[key('setup'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 8 * SECOND }]],
      want: {
        initContainerToStart: undefined,
        containersToStart: [],
        waiting: [{ name: 'setup', reason: 'CrashLoopBackOff', untilMs: finishedAt + 10 * SECOND }],
        requeueAtMs: finishedAt + 10 * SECOND,
      },
    },
  ]);

  it('says why in the kubelet words: back-off <delay> restarting failed container=<name> pod=<name>_<ns>(<uid>)', () => {
    const waitingMessage = (delayMs: number) =>
      plan({
        observed: [sandbox(), crashed(1), app('b')],
        backOff: [[key('a'), { delayMs, lastUpdateMs: T0 - 8 * SECOND }]],
      }).waiting.map((w) => w.message);
    expect(waitingMessage(10 * SECOND)).toEqual(['back-off 10s restarting failed container=a pod=web_default(uid-1)']);
    expect(waitingMessage(40 * SECOND)).toEqual(['back-off 40s restarting failed container=a pod=web_default(uid-1)']);
    expect(waitingMessage(160 * SECOND)).toEqual(['back-off 2m40s restarting failed container=a pod=web_default(uid-1)']);
  });

  it('names the back-off key <pod>_<ns>_<uid>_<container>_<specHash>', () => {
    const [start] = plan({ observed: [sandbox(), crashed(0), app('b')] }).containersToStart;
    expect(start?.backOffKey).toBe('web_default_uid-1_a_hash-a');
  });
});

describe('computePodActions: garbage collection', () => {
  runCases([
    {
      it: 'removes the oldest of three dead instances of one container, keeping the last two for logs --previous',
      pod: (p) => {
        p.spec.restartPolicy = 'Never';
      },
      observed: [
        sandbox(),
        app('a', exited(1, { attempt: 0, finishedAt: T0 - 3 * MINUTE })),
        app('a', exited(1, { attempt: 1, finishedAt: T0 - 2 * MINUTE })),
        app('a', exited(1, { attempt: 2, finishedAt: T0 - MINUTE })),
        app('b'),
      ],
      want: { containersToRemove: ['a-0'] },
    },
    {
      it: 'keeps the running instance and the last dead one',
      observed: [
        sandbox(),
        app('a', exited(1, { attempt: 0, finishedAt: T0 - 3 * MINUTE })),
        app('a', exited(1, { attempt: 1, finishedAt: T0 - 2 * MINUTE })),
        app('a', { attempt: 2 }),
        app('b'),
      ],
      want: { containersToRemove: ['a-0'], containersToStart: [] },
    },
    {
      it: 'removes nothing with two dead instances or fewer',
      pod: (p) => {
        p.spec.restartPolicy = 'Never';
      },
      observed: [sandbox(), app('a', exited(1, { attempt: 0, finishedAt: T0 - 2 * MINUTE })), app('a', exited(1, { attempt: 1 })), app('b')],
      want: { containersToRemove: [] },
    },
    {
      it: 'counts the instance it starts: restarting a container with two dead instances removes the older, so the next sync has nothing to do',
      observed: [sandbox(), app('a', exited(1, { attempt: 0, finishedAt: T0 - 2 * MINUTE })), app('a', exited(1, { attempt: 1 })), app('b')],
      want: { containersToRemove: ['a-0'], containersToStart: [appRestart('a', 2)] },
    },
    {
      it: 'never removes a running container, however old',
      observed: [
        sandbox({ state: 'exited' }),
        sandbox({ attempt: 1 }),
        app('a', { attempt: 0, sandboxId: 'sb0' }),
        app('a', exited(1, { attempt: 1, sandboxId: 'sb1', finishedAt: T0 - 2 * MINUTE })),
        app('a', exited(1, { attempt: 2, sandboxId: 'sb1' })),
        app('b', { sandboxId: 'sb1' }),
      ],
      // a-0 is killed and started again in the new sandbox: of the dead, only the newest is kept beside it.
      want: { containersToRemove: ['a-1', 'sb0'], containersToKill: ['a-0'] },
    },
    {
      it: 'removes the old exited sandboxes and keeps the newest',
      observed: [sandbox({ state: 'exited' }), sandbox({ attempt: 1, state: 'exited' }), sandbox({ attempt: 2 }), app('a', { sandboxId: 'sb2' }), app('b', { sandboxId: 'sb2' })],
      want: { containersToRemove: ['sb0', 'sb1'], sandboxId: 'sb2', containersToStart: [] },
    },
    {
      it: 'removes an app container created under an old sandbox and never started, as it starts a new one in the new sandbox',
      observed: [
        sandbox({ state: 'exited' }),
        sandbox({ attempt: 1 }),
        app('a', { attempt: 0, state: 'created', sandboxId: 'sb0' }),
        app('b', { sandboxId: 'sb1' }),
      ],
      want: { containersToRemove: ['a-0', 'sb0'], containersToStart: [appStart('a', 1)] },
    },
    {
      it: 'keeps the created container it starts (no twin), and removes an older one that never started',
      observed: [
        sandbox(),
        app('a', { attempt: 0, state: 'created' }),
        app('a', { attempt: 1, state: 'created' }),
        app('b'),
      ],
      want: { containersToRemove: ['a-0'], containersToStart: [{ ...appStart('a', 1), existingId: 'a-1' }] },
    },
    {
      it: 'removes old dead init containers the same way',
      pod: withInitContainers(),
      observed: [
        sandbox(),
        init('setup', exited(1, { attempt: 0, finishedAt: T0 - 3 * MINUTE })),
        init('setup', exited(1, { attempt: 1, finishedAt: T0 - 2 * MINUTE })),
        init('setup', exited(0, { attempt: 2 })),
        init('migrate', { state: 'running' }),
      ],
      want: { containersToRemove: ['setup-0'], initContainerToStart: undefined },
    },
  ]);
});
