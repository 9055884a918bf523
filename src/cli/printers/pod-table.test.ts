import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/pod-types.js';
import type { PodStatus } from '../../api/pod-status-types.js';
import type { ObservedContainer } from '../../runtime/types.js';
import { generatePodStatus, type WaitingReason } from '../../status/generate-pod-status.js';
import { apiPod, exited, makeContainer, makePod, MINUTE, observed, running, sandbox, SECOND, T0 } from '../../status/testing/fixtures.js';
import { computePodRow, noResourcesFound, printPodTable, type PrintablePod } from './pod-table.js';

function statusOf(pod: Pod, containers: ObservedContainer[], reasons: Record<string, WaitingReason> = {}, readiness?: Map<string, boolean>): PodStatus {
  return generatePodStatus({
    pod,
    containers,
    reasonCache: new Map(Object.entries(reasons)),
    ...(readiness ? { readiness } : {}),
    hostIP: '192.168.1.10',
    startTimeMs: T0 - 10 * MINUTE,
    nowMs: T0,
  });
}

function row(pod: Pod, containers: ObservedContainer[], reasons: Record<string, WaitingReason> = {}, readiness?: Map<string, boolean>) {
  const r = computePodRow(apiPod(pod, statusOf(pod, containers, reasons, readiness)), T0);
  return [r.ready, r.status, r.restarts];
}

const crashLoop = { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' };
const twoInits = makePod({ initContainers: [makeContainer('init-a'), makeContainer('init-b')] });
const never = makePod({ restartPolicy: 'Never' });

describe('computePodRow: STATUS, READY and RESTARTS as kubectl prints them', () => {
  it.each<[string, Pod, ObservedContainer[], Record<string, WaitingReason>, string[]]>([
    ['creating', makePod(), [sandbox()], {}, ['0/1', 'ContainerCreating', '0']],
    ['running', makePod(), [sandbox(), running('app', 'app', T0)], {}, ['1/1', 'Running', '0']],
    ['Init:0/2', twoInits, [sandbox()], {}, ['0/1', 'Init:0/2', '0']],
    ['Init:0/2 while the first runs', twoInits, [sandbox(), running('init', 'init-a', T0)], {}, ['0/1', 'Init:0/2', '0']],
    ['Init:1/2', twoInits, [sandbox(), exited('init', 'init-a', 0, T0 - SECOND), running('init', 'init-b', T0)], {}, ['0/1', 'Init:1/2', '0']],
    [
      'PodInitializing',
      twoInits,
      [sandbox(), exited('init', 'init-a', 0, T0 - 2 * SECOND), exited('init', 'init-b', 0, T0 - SECOND)],
      {},
      ['0/1', 'PodInitializing', '0'],
    ],
    ['Init:Error', twoInits, [sandbox(), exited('init', 'init-a', 1, T0)], {}, ['0/1', 'Init:Error', '0']],
    [
      'Init:CrashLoopBackOff',
      twoInits,
      [sandbox(), exited('init', 'init-a', 1, T0 - 2 * MINUTE), exited('init', 'init-a', 1, T0 - MINUTE, { attempt: 1 })],
      { 'init-a': crashLoop },
      ['0/1', 'Init:CrashLoopBackOff', '1 (60s ago)'],
    ],
    [
      'CrashLoopBackOff',
      makePod(),
      [sandbox(), exited('app', 'app', 1, T0 - 7 * MINUTE), exited('app', 'app', 1, T0 - 5 * MINUTE, { attempt: 1 })],
      { app: crashLoop },
      ['0/1', 'CrashLoopBackOff', '1 (5m ago)'],
    ],
    [
      'restarted and running again',
      makePod(),
      [sandbox(), exited('app', 'app', 1, T0 - 5 * MINUTE), running('app', 'app', T0 - 4 * MINUTE, { attempt: 1, id: 'app-1' })],
      {},
      ['1/1', 'Running', '1 (5m ago)'],
    ],
    ['Completed (Never, exit 0)', never, [sandbox(), exited('app', 'app', 0, T0)], {}, ['0/1', 'Completed', '0']],
    ['Error (Never, exit 1)', never, [sandbox(), exited('app', 'app', 1, T0)], {}, ['0/1', 'Error', '0']],
    ['OOMKilled', never, [sandbox(), exited('app', 'app', 137, T0, { oomKilled: true })], {}, ['0/1', 'OOMKilled', '0']],
    [
      'ContainerCannotRun',
      never,
      [sandbox(), observed('app', 'app', { exitCode: 127, error: 'exec: "x": executable file not found in $PATH' })],
      {},
      ['0/1', 'ContainerCannotRun', '0'],
    ],
    ['ErrImageNeverPull', makePod(), [sandbox()], { app: { reason: 'ErrImageNeverPull', message: 'not present' } }, ['0/1', 'ErrImageNeverPull', '0']],
  ])('%s', (_name, pod, containers, reasons, expected) => {
    expect(row(pod, containers, reasons)).toEqual(expected);
  });

  it('drops the init containers\' restarts once the pod is initialized', () => {
    const containers = [
      sandbox(),
      exited('init', 'init-a', 1, T0 - 3 * MINUTE),
      exited('init', 'init-a', 0, T0 - 2 * MINUTE, { attempt: 1, id: 'init-a-1' }),
      exited('init', 'init-b', 0, T0 - MINUTE),
      running('app', 'app', T0),
    ];
    expect(row(twoInits, containers)).toEqual(['1/1', 'Running', '0']);
  });

  it('shows NotReady when the first container completed and another still runs', () => {
    const pod = makePod({ restartPolicy: 'OnFailure', containers: [makeContainer('b-server'), makeContainer('a-job')] });
    expect(row(pod, [sandbox(), exited('app', 'a-job', 0, T0), running('app', 'b-server', T0)])).toEqual(['1/2', 'NotReady', '0']);
  });

  it('counts only ready containers as READY', () => {
    expect(row(makePod(), [sandbox(), running('app', 'app', T0)], {}, new Map([['app', false]]))).toEqual(['0/1', 'Running', '0']);
  });

  it.each<[string, string, string]>([
    ['alpha', 'zeta', 'CrashLoopBackOff'],
    ['zeta', 'alpha', 'Error'],
  ])('lets the alphabetically first container decide (%s crashes, %s exited)', (crashing, failed, status) => {
    const pod = makePod({ containers: [makeContainer(crashing), makeContainer(failed)] });
    const containers = [
      sandbox(),
      exited('app', crashing, 1, T0 - MINUTE),
      exited('app', crashing, 1, T0, { attempt: 1 }),
      exited('app', failed, 2, T0),
    ];
    expect(row(pod, containers, { [crashing]: crashLoop })[1]).toBe(status);
  });

  it.each<[string, object, object, string]>([
    ['Init:ExitCode:n for a reasonless init failure', { exitCode: 3 }, { waiting: {} }, 'Init:ExitCode:3'],
    ['Init:Signal:n when a signal is known', { exitCode: 137, signal: 9 }, { waiting: {} }, 'Init:Signal:9'],
  ])('shows %s', (_name, terminated, appState, expected) => {
    const pod = makePod({ initContainers: [makeContainer('init')] });
    const base = { ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '', lastState: {} };
    const status: PodStatus = {
      phase: 'Pending',
      conditions: [],
      initContainerStatuses: [{ ...base, name: 'init', state: { terminated } as PodStatus['containerStatuses'][number]['state'] }],
      containerStatuses: [{ ...base, name: 'app', state: appState }],
    };
    expect(computePodRow(apiPod(pod, status), T0).status).toBe(expected);
  });

  it.each<[object, string]>([
    [{ exitCode: 2 }, 'ExitCode:2'],
    [{ exitCode: 143, signal: 15 }, 'Signal:15'],
  ])('shows a reasonless termination %j as %s', (terminated, expected) => {
    const base = { ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '', lastState: {} };
    const status: PodStatus = {
      phase: 'Running',
      conditions: [],
      initContainerStatuses: [],
      containerStatuses: [{ ...base, name: 'app', state: { terminated } as PodStatus['containerStatuses'][number]['state'] }],
    };
    expect(computePodRow(apiPod(makePod(), status), T0).status).toBe(expected);
  });

  it('shows Pending while the pod has no container statuses yet', () => {
    const status: PodStatus = { phase: 'Pending', conditions: [], initContainerStatuses: [], containerStatuses: [] };
    expect(computePodRow(apiPod(makePod(), status), T0).status).toBe('Pending');
  });

  it('prefers status.reason over the phase', () => {
    const status: PodStatus = { phase: 'Failed', reason: 'Evicted', conditions: [], initContainerStatuses: [], containerStatuses: [] };
    expect(computePodRow(apiPod(makePod(), status), T0).status).toBe('Evicted');
  });

  it('shows Terminating while the pod is being deleted, unless it already finished', () => {
    const pod = makePod();
    const deleting = (status: PodStatus): PrintablePod => {
      const p = apiPod(pod, status);
      return { ...p, metadata: { ...p.metadata, deletionTimestamp: '2024-05-01T11:59:50Z' } };
    };
    expect(computePodRow(deleting(statusOf(pod, [sandbox(), running('app', 'app', T0)])), T0).status).toBe('Terminating');
    expect(computePodRow(deleting(statusOf(never, [sandbox(), exited('app', 'app', 0, T0)])), T0).status).toBe('Completed');
  });
});

describe('printPodTable', () => {
  const web = apiPod(makePod(), statusOf(makePod(), [sandbox(), running('app', 'app', T0)]), 90 * SECOND);
  const batch = makePod({ restartPolicy: 'Never' }, 'batch-job-with-a-long-name');
  const job = {
    ...apiPod(batch, statusOf(batch, [exited('app', 'app', 0, T0)]), 3 * 3600 * SECOND),
    metadata: { ...batch.metadata, namespace: 'jobs', creationTimestamp: '2024-05-01T09:00:00Z' },
  };

  it('prints kubectl\'s columns', () => {
    expect(printPodTable([web, job], { wide: false, allNamespaces: false, nowMs: T0 })).toBe(
      [
        'NAME                         READY   STATUS      RESTARTS   AGE',
        'web                          1/1     Running     0          90s',
        'batch-job-with-a-long-name   0/1     Completed   0          3h',
        '',
      ].join('\n'),
    );
  });

  it('puts NAMESPACE first with -A and adds the wide columns', () => {
    expect(printPodTable([web, job], { wide: true, allNamespaces: true, nowMs: T0 })).toBe(
      [
        'NAMESPACE   NAME                         READY   STATUS      RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'default     web                          1/1     Running     0          90s   172.17.0.5   node-1   <none>           <none>',
        'jobs        batch-job-with-a-long-name   0/1     Completed   0          3h    <none>       node-1   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for no pods; the caller says so on stderr', () => {
    expect(printPodTable([], { wide: false, allNamespaces: false, nowMs: T0 })).toBe('');
    expect(noResourcesFound('default')).toBe('No resources found in default namespace.');
    expect(noResourcesFound(undefined)).toBe('No resources found');
  });
});
