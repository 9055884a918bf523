import { describe, expect, it } from 'vitest';
import type { PodStatus } from '../api/pod-status-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { generatePodStatus, isPodTerminal, type PodStatusInput, type WaitingReason } from './generate-pod-status.js';
import { exited, makeContainer, makePod, MINUTE, observed, running, sandbox, SECOND, T0 } from './testing/fixtures.js';
import { toRfc3339 } from '../api/rfc3339.js';

const HOST_IP = '192.168.1.10';

function generate(
  pod = makePod(),
  containers: ObservedContainer[] = [],
  extra: Partial<PodStatusInput> & { reasons?: Record<string, WaitingReason> } = {},
): PodStatus {
  const { reasons, ...rest } = extra;
  return generatePodStatus({
    pod,
    containers,
    reasonCache: new Map(Object.entries(reasons ?? {})),
    hostIP: HOST_IP,
    startTimeMs: T0 - 10 * MINUTE,
    nowMs: T0,
    ...rest,
  });
}

function conditionMap(status: PodStatus): Record<string, string> {
  return Object.fromEntries(status.conditions.map((c) => [c.type, [c.status, c.reason, c.message].filter(Boolean).join(' ')]));
}

const twoInits = makePod({ initContainers: [makeContainer('init-a'), makeContainer('init-b')] });

describe('generatePodStatus: a plain pod', () => {
  it('is Pending and ContainerCreating before anything exists', () => {
    const s = generate();
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses).toEqual([
      {
        name: 'app',
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: false,
        restartCount: 0,
        image: 'busybox:1.36',
        imageID: '',
        started: false,
      },
    ]);
    expect(s.podIP).toBeUndefined();
    expect(conditionMap(s)).toEqual({
      PodReadyToStartContainers: 'False',
      Initialized: 'True',
      Ready: 'False ContainersNotReady containers with unready status: [app]',
      ContainersReady: 'False ContainersNotReady containers with unready status: [app]',
      PodScheduled: 'True',
    });
  });

  it('has its pod IP and network once the sandbox runs', () => {
    const s = generate(makePod(), [sandbox()]);
    expect(s.phase).toBe('Pending');
    expect(s.podIP).toBe('172.17.0.5');
    expect(s.podIPs).toEqual([{ ip: '172.17.0.5' }]);
    expect(conditionMap(s).PodReadyToStartContainers).toBe('True');
  });

  it('is Running with a ready container, in the API shape', () => {
    const s = generate(makePod(), [sandbox(), running('app', 'app', T0 - MINUTE)]);
    expect(s).toEqual({
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: toRfc3339(T0),
      })),
      hostIP: HOST_IP,
      hostIPs: [{ ip: HOST_IP }],
      podIP: '172.17.0.5',
      podIPs: [{ ip: '172.17.0.5' }],
      startTime: toRfc3339(T0 - 10 * MINUTE),
      initContainerStatuses: [],
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: toRfc3339(T0 - MINUTE) } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'busybox:1.36',
          imageID: 'docker://sha256:aaaa',
          containerID: 'docker://app-0',
          started: true,
        },
      ],
      qosClass: 'BestEffort',
    });
  });

  it('takes the pod IP from the newest sandbox only while it runs', () => {
    const old = sandbox({ attempt: 0, ip: '172.17.0.4' });
    const fresh = observed('sandbox', 'POD', { attempt: 1, id: 'pod-1', createdAt: T0 });
    expect(generate(makePod(), [old, fresh]).podIP).toBeUndefined();
    expect(generate(makePod(), [old, { ...fresh, state: 'running', ip: '172.17.0.9' }]).podIP).toBe('172.17.0.9');
  });

  it('uses the host IP as pod IP on the host network', () => {
    const s = generate(makePod({ hostNetwork: true }), [sandbox({ ip: undefined })]);
    expect(s.podIP).toBe(HOST_IP);
    expect(conditionMap(s).PodReadyToStartContainers).toBe('True');
  });

  it('sorts container statuses by name and init container statuses in spec order', () => {
    const pod = makePod({
      initContainers: [makeContainer('zz-init'), makeContainer('aa-init')],
      containers: [makeContainer('web'), makeContainer('cache'), makeContainer('log')],
    });
    const s = generate(pod);
    expect(s.containerStatuses.map((c) => c.name)).toEqual(['cache', 'log', 'web']);
    expect(s.initContainerStatuses.map((c) => c.name)).toEqual(['zz-init', 'aa-init']);
  });
});

describe('generatePodStatus: container states', () => {
  const crashed = [exited('app', 'app', 1, T0 - 2 * MINUTE), exited('app', 'app', 1, T0 - MINUTE, { attempt: 1 })];

  it.each<[string, ObservedContainer, object]>([
    ['exit 0 → Completed', exited('app', 'app', 0, T0 - MINUTE), { exitCode: 0, reason: 'Completed' }],
    ['exit 1 → Error', exited('app', 'app', 1, T0 - MINUTE), { exitCode: 1, reason: 'Error' }],
    ['OOM kill → OOMKilled', exited('app', 'app', 137, T0 - MINUTE, { oomKilled: true }), { exitCode: 137, reason: 'OOMKilled' }],
    [
      'failed start → ContainerCannotRun with the engine error',
      observed('app', 'app', { state: 'created', exitCode: 127, error: 'exec: "nope": executable file not found in $PATH' }),
      {
        exitCode: 127,
        reason: 'ContainerCannotRun',
        message: 'exec: "nope": executable file not found in $PATH',
        startedAt: toRfc3339(T0 - 10 * MINUTE),
        finishedAt: toRfc3339(T0 - 10 * MINUTE),
      },
    ],
  ])('%s', (_name, container, terminated) => {
    const s = generate(makePod({ restartPolicy: 'Never' }), [sandbox(), container]);
    expect(s.containerStatuses[0]!.state.terminated).toMatchObject({ ...terminated, containerID: `docker://${container.id}` });
  });

  it('shows a created container as waiting without a reason', () => {
    const s = generate(makePod(), [sandbox(), observed('app', 'app')]);
    expect(s.containerStatuses[0]!.state).toEqual({ waiting: {} });
    expect(s.phase).toBe('Pending');
  });

  it('shows the newest instance as state and the one before as lastState', () => {
    const s = generate(makePod(), [sandbox(), ...crashed]);
    const c = s.containerStatuses[0]!;
    expect(c.restartCount).toBe(1);
    expect(c.containerID).toBe('docker://app-1');
    expect(c.state.terminated?.containerID).toBe('docker://app-1');
    expect(c.lastState.terminated?.containerID).toBe('docker://app-0');
  });

  it('shows CrashLoopBackOff from the reason cache with the last termination', () => {
    const message = 'back-off 10s restarting failed container=app pod=web_default(uid)';
    const s = generate(makePod(), [sandbox(), ...crashed], { reasons: { app: { reason: 'CrashLoopBackOff', message } } });
    const c = s.containerStatuses[0]!;
    expect(c.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message } });
    expect(c.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', containerID: 'docker://app-1' });
    expect(c.restartCount).toBe(1);
    expect(s.phase).toBe('Running');
  });

  it('ignores the reason cache for a running container', () => {
    const s = generate(makePod(), [sandbox(), running('app', 'app', T0)], { reasons: { app: { reason: 'CrashLoopBackOff', message: 'x' } } });
    expect(s.containerStatuses[0]!.state.running).toBeDefined();
  });

  it('ignores the reason cache for a container that will not be restarted (OnFailure, exit 0)', () => {
    const s = generate(makePod({ restartPolicy: 'OnFailure' }), [sandbox(), exited('app', 'app', 0, T0)], {
      reasons: { app: { reason: 'CrashLoopBackOff', message: 'x' } },
    });
    expect(s.containerStatuses[0]!.state.terminated?.reason).toBe('Completed');
    expect(s.phase).toBe('Succeeded');
  });

  it('shows an image error for a container that was never created', () => {
    const message = 'Container image "app:dev" is not present with pull policy of Never';
    const s = generate(makePod(), [sandbox()], { reasons: { app: { reason: 'ErrImageNeverPull', message } } });
    expect(s.containerStatuses[0]!.state).toEqual({ waiting: { reason: 'ErrImageNeverPull', message } });
    expect(s.phase).toBe('Pending');
  });

  it('keeps a terminated status whose container is gone from the engine', () => {
    const previous = generate(makePod({ restartPolicy: 'Never' }), [sandbox(), exited('app', 'app', 0, T0)]);
    const s = generate(makePod({ restartPolicy: 'Never' }), [], { previous });
    expect(s.containerStatuses[0]!.state.terminated?.reason).toBe('Completed');
  });

  it('marks a running container that vanished as ContainerStatusUnknown', () => {
    const previous = generate(makePod(), [sandbox(), running('app', 'app', T0 - MINUTE)]);
    const s = generate(makePod(), [sandbox()], { previous });
    const c = s.containerStatuses[0]!;
    expect(c.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'ContainerStatusUnknown' });
    expect(c.restartCount).toBe(1);
    expect(s.phase).toBe('Running');
  });
});

describe('generatePodStatus: init containers', () => {
  it.each<[string, ObservedContainer[], string[], string]>([
    ['none started', [sandbox()], ['PodInitializing', 'PodInitializing'], 'containers with incomplete status: [init-a init-b]'],
    ['first running', [sandbox(), running('init', 'init-a', T0)], ['running', 'PodInitializing'], 'containers with incomplete status: [init-a init-b]'],
    [
      'first done, second running',
      [sandbox(), exited('init', 'init-a', 0, T0 - SECOND), running('init', 'init-b', T0)],
      ['Completed', 'running'],
      'containers with incomplete status: [init-b]',
    ],
  ])('%s: Pending, not initialized', (_name, containers, states, message) => {
    const s = generate(twoInits, containers);
    expect(s.phase).toBe('Pending');
    const shown = s.initContainerStatuses.map((c) => c.state.waiting?.reason ?? c.state.terminated?.reason ?? 'running');
    expect(shown).toEqual(states);
    expect(s.containerStatuses[0]!.state.waiting?.reason).toBe('PodInitializing');
    expect(conditionMap(s).Initialized).toBe(`False ContainersNotInitialized ${message}`);
  });

  it('is initialized once every init container exited 0, and they are ready', () => {
    const s = generate(twoInits, [sandbox(), exited('init', 'init-a', 0, T0 - 2 * SECOND), exited('init', 'init-b', 0, T0 - SECOND)]);
    expect(conditionMap(s).Initialized).toBe('True');
    expect(s.initContainerStatuses.map((c) => c.ready)).toEqual([true, true]);
    expect(s.containerStatuses[0]!.state.waiting?.reason).toBe('PodInitializing');
    expect(s.phase).toBe('Pending');
  });

  it('shows a failing init container in CrashLoopBackOff and stays Pending under Always', () => {
    const s = generate(twoInits, [sandbox(), exited('init', 'init-a', 1, T0)], {
      reasons: { 'init-a': { reason: 'CrashLoopBackOff', message: 'back-off' } },
    });
    const a = s.initContainerStatuses[0]!;
    expect(a.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(a.lastState.terminated?.exitCode).toBe(1);
    expect(s.phase).toBe('Pending');
  });

  it('fails the pod when an init container fails under Never', () => {
    const pod = makePod({ ...twoInits.spec, restartPolicy: 'Never' });
    const s = generate(pod, [sandbox(), exited('init', 'init-a', 1, T0)], { reasons: { 'init-a': { reason: 'CrashLoopBackOff', message: '' } } });
    expect(s.initContainerStatuses[0]!.state.terminated?.reason).toBe('Error');
    expect(s.phase).toBe('Failed');
    expect(conditionMap(s).ContainersReady).toBe('False PodFailed');
  });

  it('treats init containers lost from the engine as completed once app containers exist', () => {
    const s = generate(twoInits, [sandbox(), running('app', 'app', T0)]);
    expect(s.initContainerStatuses.map((c) => c.state.terminated?.reason)).toEqual(['Completed', 'Completed']);
    expect(s.phase).toBe('Running');
  });
});

describe('generatePodStatus: phase', () => {
  it.each<[string, 'Always' | 'OnFailure' | 'Never', number, string]>([
    ['Never, exit 0', 'Never', 0, 'Succeeded'],
    ['Never, exit 1', 'Never', 1, 'Failed'],
    ['OnFailure, exit 0', 'OnFailure', 0, 'Succeeded'],
    ['OnFailure, exit 1', 'OnFailure', 1, 'Running'],
    ['Always, exit 0', 'Always', 0, 'Running'],
    ['Always, exit 1', 'Always', 1, 'Running'],
  ])('%s → %s', (_name, restartPolicy, exitCode, phase) => {
    expect(generate(makePod({ restartPolicy }), [sandbox(), exited('app', 'app', exitCode, T0)]).phase).toBe(phase);
  });

  it('marks a Succeeded pod completed in its conditions', () => {
    const s = generate(makePod({ restartPolicy: 'Never' }), [sandbox(), exited('app', 'app', 0, T0)]);
    expect(conditionMap(s)).toMatchObject({ Initialized: 'True PodCompleted', Ready: 'False PodCompleted', ContainersReady: 'False PodCompleted' });
    expect(isPodTerminal(s)).toBe(true);
  });

  it('keeps a terminal phase even when the containers say otherwise', () => {
    const previous = generate(makePod({ restartPolicy: 'Never' }), [sandbox(), exited('app', 'app', 0, T0)]);
    const s = generate(makePod({ restartPolicy: 'Never' }), [sandbox(), observed('app', 'app', { attempt: 1 })], { previous });
    expect(s.phase).toBe('Succeeded');
  });

  it('keeps reason and message while the phase does not change', () => {
    const previous: PodStatus = { ...generate(makePod(), [sandbox()]), reason: 'Evicted', message: 'over its emptyDir sizeLimit' };
    expect(generate(makePod(), [sandbox()], { previous })).toMatchObject({ reason: 'Evicted', message: 'over its emptyDir sizeLimit' });
    expect(generate(makePod(), [sandbox(), running('app', 'app', T0)], { previous }).reason).toBeUndefined();
  });

  it('is not terminal while running', () => {
    expect(isPodTerminal({ phase: 'Running' })).toBe(false);
  });
});

describe('generatePodStatus: readiness and startup', () => {
  const probe = { exec: { command: ['true'] }, initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
  const up = [sandbox(), running('app', 'app', T0 - MINUTE)];

  it.each<[string, Partial<PodStatusInput>, object, boolean, boolean]>([
    ['no probes', {}, {}, true, true],
    ['readiness failed', { readiness: new Map([['app', false]]) }, { readinessProbe: probe }, true, false],
    ['readiness probe without a result yet', {}, { readinessProbe: probe }, true, false],
    ['readiness passed', { readiness: new Map([['app', true]]) }, { readinessProbe: probe }, true, true],
    ['startup probe without a result yet', {}, { startupProbe: probe }, false, false],
    ['startup passed', { started: new Map([['app', true]]) }, { startupProbe: probe }, true, true],
  ])('%s', (_name, results, containerOverrides, started, ready) => {
    const s = generate(makePod({ containers: [makeContainer('app', containerOverrides)] }), up, results);
    expect(s.containerStatuses[0]).toMatchObject({ started, ready });
    expect(conditionMap(s).Ready?.startsWith(ready ? 'True' : 'False ContainersNotReady')).toBe(true);
  });
});

describe('generatePodStatus: condition transition times', () => {
  it('keeps lastTransitionTime while a condition holds and moves it when it flips', () => {
    const first = generate(makePod(), [sandbox()], { nowMs: T0 });
    const later = T0 + 5 * MINUTE;
    const second = generate(makePod(), [sandbox(), running('app', 'app', later)], { previous: first, nowMs: later });
    const times = Object.fromEntries(second.conditions.map((c) => [c.type, c.lastTransitionTime]));
    expect(times).toEqual({
      PodReadyToStartContainers: toRfc3339(T0),
      Initialized: toRfc3339(T0),
      Ready: toRfc3339(later),
      ContainersReady: toRfc3339(later),
      PodScheduled: toRfc3339(T0),
    });
    expect(second.conditions.every((c) => c.lastProbeTime === null)).toBe(true);
  });
});
