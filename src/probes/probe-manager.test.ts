import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Probe } from '../api/pod-types.js';
import { T0, app, makeContainer, makePod, sandbox } from '../planner/testing/planner-fixtures.js';
import { observePod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';
import { EventRecorder } from '../status/event-recorder.js';
import { FakeRuntime } from '../../test/helpers/fake-runtime.js';
import { ProbeManager } from './probe-manager.js';
import { FakeClock } from './testing/fake-clock.js';

function execProbe(command: string, overrides: Partial<Probe> = {}): Probe {
  return { exec: { command: [command] }, initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 1, successThreshold: 1, failureThreshold: 2, ...overrides };
}

/** A manager over a fake engine where `healthy`/`ready`/`up` answer with exit 0 while listed in `passing`. */
function setup() {
  const clock = new FakeClock(T0);
  const runtime = new FakeRuntime();
  const passing = new Set<string>();
  const ran: string[] = [];
  runtime.execHandler = ({ options, stdout }) => {
    const cmd = options.cmd[0]!;
    ran.push(cmd);
    if (passing.has(cmd)) return 0;
    stdout(`${cmd} is not there\n`);
    return 1;
  };
  const changed: string[] = [];
  const events = new EventRecorder(() => clock.now());
  const manager = new ProbeManager({
    runtime,
    events,
    log: pino({ level: 'silent' }),
    onChange: (uid) => changed.push(uid),
    hostIP: () => '192.0.2.2',
    // Long ago: no jitter.
    timing: { agentStartMs: T0 - 3_600_000, clock },
  });
  const observe = (...containers: ObservedContainer[]) => {
    for (const c of containers) runtime.containers.set(c.id, c);
    return observePod(containers[0]?.podUid ?? '', containers);
  };
  return { clock, runtime, passing, ran, changed, events, manager, observe };
}

const probedPod = () =>
  makePod({
    containers: [
      makeContainer('a', { livenessProbe: execProbe('healthy'), readinessProbe: execProbe('ready', { failureThreshold: 1 }) }),
      makeContainer('b'),
    ],
  });

describe('ProbeManager', () => {
  it('starts workers for running containers only, with the initial results', () => {
    const t = setup();
    const pod = probedPod();
    t.manager.update(pod, t.observe(sandbox(), app('a'), app('b')));
    expect(t.manager.workerCount).toBe(2);
    expect(t.manager.readiness(pod.metadata.uid)).toEqual(new Map([['a', false]]));
    expect(t.manager.liveness(pod.metadata.uid)).toEqual(new Map([['a-0', 'success']]));
    t.manager.update(pod, t.observe(sandbox(), app('a', { state: 'exited' }), app('b')));
    expect(t.manager.workerCount).toBe(0);
    expect(t.manager.readiness(pod.metadata.uid)).toEqual(new Map());
  });

  it('tells the pod worker only when a result changes', async () => {
    const t = setup();
    const pod = probedPod();
    t.passing.add('healthy').add('ready');
    t.manager.update(pod, t.observe(sandbox(), app('a'), app('b')));
    await t.clock.advance(5_000);
    expect(t.changed).toEqual([pod.metadata.uid]);
    expect(t.manager.readiness(pod.metadata.uid).get('a')).toBe(true);
    t.passing.delete('healthy');
    await t.clock.advance(5_000);
    expect(t.changed).toEqual([pod.metadata.uid, pod.metadata.uid]);
    expect(t.manager.liveness(pod.metadata.uid)).toEqual(new Map([['a-0', 'failure']]));
  });

  it('records each failed attempt as an Unhealthy event in the kubelet`s words', async () => {
    const t = setup();
    const pod = probedPod();
    t.passing.add('healthy');
    t.manager.update(pod, t.observe(sandbox(), app('a'), app('b')));
    await t.clock.advance(2_500);
    const unhealthy = t.events.list(pod.metadata.uid).filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toMatchObject([{ type: 'Warning', message: 'Readiness probe failed: ready is not there\n', fieldPath: 'spec.containers{a}', count: 3 }]);
  });

  it('gives a replaced container fresh workers and initial results', async () => {
    const t = setup();
    const pod = probedPod();
    t.passing.add('ready');
    t.manager.update(pod, t.observe(sandbox(), app('a'), app('b')));
    await t.clock.advance(5_000);
    expect(t.manager.liveness(pod.metadata.uid)).toEqual(new Map([['a-0', 'failure']]));
    t.manager.update(pod, t.observe(sandbox(), app('a', { state: 'exited' }), app('a', { attempt: 1, startedAt: t.clock.now() }), app('b')));
    expect(t.manager.liveness(pod.metadata.uid)).toEqual(new Map([['a-1', 'success']]));
    expect(t.manager.readiness(pod.metadata.uid)).toEqual(new Map([['a', false]]));
  });

  it('runs no liveness or readiness probe before the startup probe passed', async () => {
    const t = setup();
    const pod = makePod({
      containers: [makeContainer('a', { startupProbe: execProbe('up', { failureThreshold: 30 }), livenessProbe: execProbe('healthy'), readinessProbe: execProbe('ready') })],
    });
    t.passing.add('healthy').add('ready');
    t.manager.update(pod, t.observe(sandbox(), app('a')));
    await t.clock.advance(3_500);
    expect(new Set(t.ran)).toEqual(new Set(['up']));
    expect(t.manager.started(pod.metadata.uid)).toEqual(new Map([['a', false]]));
    t.passing.add('up');
    await t.clock.advance(3_000);
    expect(t.manager.started(pod.metadata.uid)).toEqual(new Map([['a', true]]));
    expect(t.ran).toContain('healthy');
    expect(t.manager.readiness(pod.metadata.uid)).toEqual(new Map([['a', true]]));
    const upRuns = t.ran.filter((c) => c === 'up').length;
    await t.clock.advance(5_000);
    expect(t.ran.filter((c) => c === 'up').length).toBe(upRuns);
  });

  it('stops every worker of a removed pod and forgets its results', async () => {
    const t = setup();
    const pod = probedPod();
    t.manager.update(pod, t.observe(sandbox(), app('a'), app('b')));
    t.manager.removePod(pod.metadata.uid);
    const before = t.ran.length;
    await t.clock.advance(10_000);
    expect(t.ran.length).toBe(before);
    expect(t.manager.workerCount).toBe(0);
    expect(t.clock.pendingTimers).toBe(0);
  });
});

describe('ProbeManager over many pod lifetimes', () => {
  it('leaves no worker, timer or result behind after 100 create/delete cycles', async () => {
    const t = setup();
    for (let i = 0; i < 100; i++) {
      const pod = probedPod();
      pod.metadata.uid = `uid-${i}`;
      t.manager.update(pod, t.observe(sandbox(), app('a'), app('b')));
      await t.clock.advance(1_500);
      if (i % 2 === 0) t.manager.containerStopped(pod.metadata.uid, 'a-0');
      t.manager.removePod(pod.metadata.uid);
      expect(t.manager.liveness(pod.metadata.uid)).toEqual(new Map());
    }
    expect(t.manager.workerCount).toBe(0);
    expect(t.clock.pendingTimers).toBe(0);
    const before = t.ran.length;
    await t.clock.advance(60_000);
    expect(t.ran.length).toBe(before);
  });
});

describe('ProbeManager.containerStopped', () => {
  it('stops the workers of a container the moment the engine says it exited', async () => {
    const t = setup();
    const pod = probedPod();
    t.manager.update(pod, t.observe(sandbox(), app('a'), app('b')));
    t.manager.containerStopped(pod.metadata.uid, 'b-0');
    expect(t.manager.workerCount).toBe(2);
    t.manager.containerStopped(pod.metadata.uid, 'a-0');
    const before = t.ran.length;
    await t.clock.advance(10_000);
    expect(t.ran.length).toBe(before);
    expect(t.manager.workerCount).toBe(0);
    expect(t.manager.liveness(pod.metadata.uid)).toEqual(new Map());
  });

  it('does not revive them from an observation made before the exit', () => {
    const t = setup();
    const pod = probedPod();
    const stale = t.observe(sandbox(), app('a'), app('b'));
    t.manager.update(pod, stale);
    t.manager.containerStopped(pod.metadata.uid, 'a-0');
    t.manager.update(pod, stale);
    expect(t.manager.workerCount).toBe(0);
    t.manager.update(pod, t.observe(sandbox(), app('a', { state: 'exited' }), app('a', { attempt: 1 }), app('b')));
    expect(t.manager.workerCount).toBe(2);
  });
});
