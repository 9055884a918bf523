import { describe, expect, it } from 'vitest';
import type { PodEvent } from '../api/pod-status-types.js';
import { newEventLines, statusChanges } from './status-lines.js';
import { containerStatus, exited, podView, running } from './testing/pod-views.js';

describe('statusChanges', () => {
  it('announces a new pod and its running containers', () => {
    const next = podView({ ready: '2/2', containers: [containerStatus('a', running(), { ready: true }), containerStatus('b', running())] });
    expect(statusChanges(undefined, next)).toEqual(['web: Running 2/2', 'web/a: started', 'web/b: started']);
  });

  it('says nothing when nothing changed', () => {
    const view = podView({ containers: [containerStatus('a', running(), { ready: true })] });
    expect(statusChanges(view, structuredClone(view))).toEqual([]);
  });

  it('shows a crash with its exit code and the back-off, then the restart', () => {
    const up = podView({ containers: [containerStatus('app', running())] });
    const backOff = podView({
      status: 'CrashLoopBackOff', ready: '0/1',
      containers: [containerStatus('app', { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app pod=web_default(u)' } }, {
        restartCount: 0, lastState: exited(1),
      })],
    });
    const again = podView({ containers: [containerStatus('app', running('2024-01-01T00:00:30Z'), { restartCount: 1, lastState: exited(1) })] });
    expect(statusChanges(up, backOff)).toEqual(['web: CrashLoopBackOff 0/1', 'web/app: exited (exit 1), back-off 20s']);
    expect(statusChanges(backOff, again)).toEqual(['web: Running 1/1', 'web/app: restarted (exit 1), restart 1']);
  });

  it('shows a restart whose instance exited again before the next look', () => {
    const backOff = (restartCount: number, delay: string) => podView({
      status: 'CrashLoopBackOff', ready: '0/1',
      containers: [containerStatus('app', { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${delay} restarting failed container` } }, {
        restartCount, lastState: exited(2, `2024-01-01T00:00:${10 + restartCount}Z`),
      })],
    });
    expect(statusChanges(backOff(0, '10s'), backOff(1, '20s'))).toEqual(['web/app: restarted (exit 2), restart 1', 'web/app: exited (exit 2), back-off 20s']);
  });

  it('shows a restart that happened between two looks', () => {
    const before = podView({ containers: [containerStatus('app', running())] });
    const after = podView({ containers: [containerStatus('app', running(), { restartCount: 1, lastState: exited(137, undefined, 'OOMKilled') })] });
    expect(statusChanges(before, after)).toEqual(['web/app: restarted (OOMKilled, exit 137), restart 1']);
  });

  it('tells completion from failure', () => {
    const before = podView({ containers: [containerStatus('job', running())] });
    expect(statusChanges(before, podView({ status: 'Completed', phase: 'Succeeded', ready: '0/1', containers: [containerStatus('job', exited(0))] }))).toEqual([
      'web: Completed 0/1', 'web/job: completed (exit 0)',
    ]);
    expect(statusChanges(before, podView({ status: 'Error', phase: 'Failed', ready: '0/1', containers: [containerStatus('job', exited(3))] }))).toEqual([
      'web: Error 0/1', 'web/job: exited (exit 3)',
    ]);
  });

  it('shows readiness changes of a running container', () => {
    const notReady = podView({ ready: '0/1', containers: [containerStatus('app', running())] });
    const ready = podView({ ready: '1/1', containers: [containerStatus('app', running(), { ready: true })] });
    expect(statusChanges(notReady, ready)).toEqual(['web: Running 1/1', 'web/app: ready']);
  });

  it('shows a waiting reason with its message, but not ContainerCreating', () => {
    const pulling = podView({ status: 'ContainerCreating', ready: '0/1', containers: [containerStatus('app', { waiting: { reason: 'ContainerCreating' } })] });
    const failed = podView({ status: 'ErrImagePull', ready: '0/1', containers: [containerStatus('app', { waiting: { reason: 'ErrImagePull', message: 'no such image' } })] });
    expect(statusChanges(undefined, pulling)).toEqual(['web: ContainerCreating 0/1']);
    expect(statusChanges(pulling, failed)).toEqual(['web: ErrImagePull 0/1', 'web/app: ErrImagePull: no such image']);
  });

  it('covers init containers, in the namespace when it is not default', () => {
    const next = podView({ namespace: 'tools', status: 'Init:0/1', ready: '0/1', initContainers: [containerStatus('setup', running())] });
    expect(statusChanges(undefined, next)).toEqual(['tools/web: Init:0/1 0/1', 'tools/web/setup: started']);
  });
});

describe('newEventLines', () => {
  const event = (more: Partial<PodEvent>): PodEvent => ({
    type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: boom', firstTimestamp: 't0', lastTimestamp: 't0', count: 1, ...more,
  });

  it('shows a probe failure once, named by its container', () => {
    const seen = new Set<string>();
    const events = [event({ fieldPath: 'spec.containers{app}' })];
    expect(newEventLines('default', 'web', events, seen)).toEqual(['web/app: probe failed: Liveness probe failed: boom']);
    expect(newEventLines('default', 'web', [{ ...events[0]!, count: 2 }], seen)).toEqual([]);
  });

  it('shows other warnings by reason, and leaves out Normal events and what the status lines say', () => {
    const events = [
      event({ reason: 'Evicted', message: 'over its sizeLimit' }),
      event({ type: 'Normal', reason: 'Started', message: 'Started container app' }),
      event({ reason: 'BackOff', message: 'Back-off restarting failed container' }),
    ];
    expect(newEventLines('default', 'web', events, new Set())).toEqual(['web: Evicted: over its sizeLimit']);
  });
});
