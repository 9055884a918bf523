/**
 * Convergence on an in-memory runtime: for each main scenario, plan → sync → relist → the next plan
 * is a no-op. Everything about the agent's internals goes through `testing/fake-agent.ts`; this
 * file only sees pods, the fake runtime's containers and calls, statuses and the fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import { LABEL_BACKOFF_DELAY } from '../runtime/labels.js';
import type { ObservedContainer } from '../runtime/types.js';
import { FakeRuntime } from '../../test/helpers/fake-runtime.js';
import { type FakeAgent, createFakeAgent } from './testing/fake-agent.js';

const NODE = 'node-1';
const UID = 'uid-1';
/** Pod `default/web` (uid-1): init container `setup`, app containers `a` and `b`. */
function webPod(overrides: Parameters<typeof makePod>[0] = {}): Pod {
  return makePod({ initContainers: [makeContainer('setup')], containers: [makeContainer('a'), makeContainer('b')], ...overrides });
}

type Agent = FakeAgent<FakeRuntime>;
const agents: Agent[] = [];
const track = (agent: Agent): Agent => (agents.push(agent), agent);
const newAgent = async (): Promise<Agent> => track(await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE }));
const restartAgent = async (agent: Agent): Promise<Agent> => track(await agent.restart());
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});

/** The pod's instances of `name` (POD for sandboxes), newest attempt first. */
function instances(agent: Agent, name: string): ObservedContainer[] {
  return [...agent.runtime.containers.values()].filter((c) => c.containerName === name).sort((x, y) => y.attempt - x.attempt);
}
function states(agent: Agent, name: string): string[] {
  return instances(agent, name).map((c) => `${c.attempt}:${c.state}${c.exitCode !== undefined ? `(${c.exitCode})` : ''}`);
}
/** Calls since `from` that change the engine. */
function changes(agent: Agent, from: number): string[] {
  return agent.runtime.calls.slice(from).map((c) => c.method).filter((m) => ['createContainer', 'startContainer', 'stopContainer', 'removeContainer', 'pullImage'].includes(m));
}
function containerStatus(agent: Agent, name: string, init = false) {
  const status = agent.status('web');
  return (init ? status?.initContainerStatuses : status?.containerStatuses)?.find((s) => s.name === name);
}
/** Runs web to Running: sandbox, `setup` completed, `a` and `b` running. */
async function runWeb(agent: Agent): Promise<void> {
  await agent.setPods([webPod()]);
  agent.exit('web', 'setup', 0);
  await agent.syncAll();
}

describe('convergence on the fake runtime', () => {
  it('start: sandbox, init container completed, both app containers running; then nothing to do', async () => {
    const agent = await newAgent();
    await agent.setPods([webPod()]);
    expect(states(agent, 'POD')).toEqual(['0:running']);
    expect(states(agent, 'setup')).toEqual(['0:running']);
    expect(instances(agent, 'a')).toEqual([]);
    expect(agent.status('web')?.phase).toBe('Pending');
    expect(await agent.nextPlanIsNoop(UID)).toBe(true); // waiting for the init container

    agent.exit('web', 'setup', 0);
    await agent.syncAll();
    expect(['POD', 'setup', 'a', 'b'].map((name) => states(agent, name))).toEqual([['0:running'], ['0:exited(0)'], ['0:running'], ['0:running']]);
    const status = agent.status('web')!;
    expect(status.phase).toBe('Running');
    expect(status.initContainerStatuses.map((s) => s.state.terminated?.reason)).toEqual(['Completed']);
    expect(status.containerStatuses.map((s) => [s.name, !!s.state.running, s.restartCount])).toEqual([['a', true, 0], ['b', true, 0]]);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);

    const mark = agent.runtime.calls.length;
    await agent.advance(60_000);
    await agent.syncAll();
    expect(changes(agent, mark)).toEqual([]);
  });

  it('crash loop: restarted at once, then held 10 s, then 20 s, in CrashLoopBackOff', async () => {
    const agent = await newAgent();
    await runWeb(agent);

    agent.exit('web', 'a', 1);
    await agent.syncAll();
    expect(states(agent, 'a')).toEqual(['1:running', '0:exited(1)']);
    expect(containerStatus(agent, 'a')?.restartCount).toBe(1);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);

    agent.exit('web', 'a', 1);
    await agent.syncAll();
    expect(states(agent, 'a')).toEqual(['1:exited(1)', '0:exited(1)']);
    expect(containerStatus(agent, 'a')).toMatchObject({
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=a pod=web_default(uid-1)' } },
      lastState: { terminated: { exitCode: 1 } },
      restartCount: 1,
    });
    expect(agent.status('web')?.phase).toBe('Running');
    expect(states(agent, 'b')).toEqual(['0:running']);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);

    const mark = agent.runtime.calls.length;
    await agent.advance(9_999);
    await agent.syncAll();
    expect(changes(agent, mark)).toEqual([]);
    expect(containerStatus(agent, 'a')?.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);

    await agent.advance(1);
    expect(await agent.nextPlanIsNoop(UID)).toBe(false);
    await agent.syncAll();
    expect(states(agent, 'a')[0]).toBe('2:running');
    expect(containerStatus(agent, 'a')).toMatchObject({ restartCount: 2, state: { running: {} } });
    expect(states(agent, 'a')).toEqual(['2:running', '1:exited(1)']);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);

    // The next crash doubles the delay.
    agent.exit('web', 'a', 1);
    await agent.syncAll();
    expect(containerStatus(agent, 'a')?.state.waiting?.message).toBe('back-off 20s restarting failed container=a pod=web_default(uid-1)');
    await agent.advance(19_999);
    await agent.syncAll();
    expect(states(agent, 'a')[0]).toBe('2:exited(1)');
    await agent.advance(1);
    await agent.syncAll();
    expect(states(agent, 'a')[0]).toBe('3:running');
    expect(states(agent, 'a')).toEqual(['3:running', '2:exited(1)']);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);
  });

  // Container GC is part of the plan and counts the instance the plan starts (keep the newest dead
  // instance beside it), so a restart that makes a third instance leaves nothing for the next sync.
  it('a restart that makes a third instance leaves the next plan a no-op', async () => {
    const agent = await newAgent();
    await agent.setPods([makePod({ containers: [makeContainer('a')] })]);
    agent.exit('web', 'a', 1);
    await agent.syncAll(); // attempt 1, at once
    agent.exit('web', 'a', 1);
    await agent.advance(10_000);
    await agent.syncAll(); // attempt 2, after the back-off
    expect(states(agent, 'a')).toEqual(['2:running', '1:exited(1)']);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);
  });

  describe('init container failure', () => {
    it('restartPolicy Never: the pod fails and nothing restarts', async () => {
      const agent = await newAgent();
      await agent.setPods([webPod({ restartPolicy: 'Never' })]);
      agent.exit('web', 'setup', 1);
      await agent.syncAll();
      expect(states(agent, 'setup')).toEqual(['0:exited(1)']);
      expect(states(agent, 'POD')).toEqual(['0:exited(143)']);
      expect(instances(agent, 'a')).toEqual([]);
      const status = agent.status('web')!;
      expect(status.phase).toBe('Failed');
      expect(containerStatus(agent, 'setup', true)?.state.terminated?.exitCode).toBe(1);
      expect(await agent.nextPlanIsNoop(UID)).toBe(true);

      const mark = agent.runtime.calls.length;
      await agent.advance(5 * 60_000);
      await agent.syncAll();
      expect(changes(agent, mark)).toEqual([]);
      expect(agent.status('web')?.phase).toBe('Failed');
    });

    it('restartPolicy Always: retried at once, then with back-off; app containers wait', async () => {
      const agent = await newAgent();
      await agent.setPods([webPod()]);
      agent.exit('web', 'setup', 1);
      await agent.syncAll();
      expect(states(agent, 'setup')).toEqual(['1:running', '0:exited(1)']);

      agent.exit('web', 'setup', 1);
      await agent.syncAll();
      expect(states(agent, 'setup')).toEqual(['1:exited(1)', '0:exited(1)']);
      expect(containerStatus(agent, 'setup', true)?.state.waiting?.reason).toBe('CrashLoopBackOff');
      expect(agent.status('web')?.phase).toBe('Pending');
      expect(instances(agent, 'a')).toEqual([]);
      expect(states(agent, 'POD')).toEqual(['0:running']);
      expect(await agent.nextPlanIsNoop(UID)).toBe(true);

      const mark = agent.runtime.calls.length;
      await agent.advance(9_999);
      await agent.syncAll();
      expect(changes(agent, mark)).toEqual([]);
      await agent.advance(1);
      await agent.syncAll();
      expect(states(agent, 'setup')[0]).toBe('2:running');
        expect(states(agent, 'setup')).toEqual(['2:running', '1:exited(1)']);
      expect(instances(agent, 'a')).toEqual([]);
      expect(await agent.nextPlanIsNoop(UID)).toBe(true);

      agent.exit('web', 'setup', 0);
      await agent.syncAll();
      expect(states(agent, 'a')).toEqual(['0:running']);
      expect(agent.status('web')?.phase).toBe('Running');
      expect(await agent.nextPlanIsNoop(UID)).toBe(true);
    });
  });

  it('eviction: containers stopped and kept, Failed/Evicted, never started again', async () => {
    const agent = await newAgent();
    await runWeb(agent);
    await agent.evict(UID, 'Usage of EmptyDir volume "cache" exceeds the limit "1Mi".');
    expect(states(agent, 'a')).toEqual(['0:exited(143)']);
    expect(states(agent, 'b')).toEqual(['0:exited(143)']);
    expect(states(agent, 'POD')).toEqual(['0:exited(143)']);
    const status = agent.status('web')!;
    expect(status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'Usage of EmptyDir volume "cache" exceeds the limit "1Mi".' });
    expect(status.containerStatuses.map((s) => s.state.terminated?.exitCode)).toEqual([143, 143]);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);

    const mark = agent.runtime.calls.length;
    await agent.advance(10 * 60_000);
    await agent.syncAll();
    expect(changes(agent, mark)).toEqual([]);
    expect(agent.status('web')).toMatchObject({ phase: 'Failed', reason: 'Evicted' });

    // The record is on disk: a restarted agent keeps the pod evicted.
    const next = await restartAgent(agent);
    await next.setPods([webPod()]);
    await next.syncAll();
    expect(changes(next, mark)).toEqual([]);
    expect(next.status('web')).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
    expect(await next.nextPlanIsNoop(UID)).toBe(true);
  });

  it('removal: every container removed, status forgotten, then nothing to do', async () => {
    const agent = await newAgent();
    await runWeb(agent);
    expect(agent.runtime.containers.size).toBe(4);

    await agent.setPods([]);
    expect([...agent.runtime.containers.values()]).toEqual([]);
    expect(agent.status('web')).toBeUndefined();
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);

    const mark = agent.runtime.calls.length;
    await agent.advance(60_000);
    await agent.syncAll();
    expect(changes(agent, mark)).toEqual([]);
    expect(agent.status('web')).toBeUndefined();
  });

  describe('agent restart on the same engine', () => {
    it('adopts the running pod without creating, starting or stopping anything', async () => {
      const agent = await newAgent();
      await runWeb(agent);
      const before = states(agent, 'a');

      const mark = agent.runtime.calls.length;
      const next = await restartAgent(agent);
      await next.setPods([webPod()]);
      await next.syncAll();
      expect(changes(next, mark)).toEqual([]);
      expect(states(next, 'a')).toEqual(before);
      expect(next.status('web')?.phase).toBe('Running');
      expect(next.status('web')?.containerStatuses.map((s) => s.restartCount)).toEqual([0, 0]);
      expect(await next.nextPlanIsNoop(UID)).toBe(true);
    });

    it('a crash-looping container keeps its back-off (restored from labels)', async () => {
      const agent = await newAgent();
      await runWeb(agent);
      agent.exit('web', 'a', 1);
      await agent.syncAll(); // restarted at once: attempt 1 carries the 10 s back-off in its labels
      expect(instances(agent, 'a')[0]?.labels[LABEL_BACKOFF_DELAY]).toBe('10000');
      agent.exit('web', 'a', 1);

      const mark = agent.runtime.calls.length;
      const next = await restartAgent(agent);
      await next.setPods([webPod()]);
      await next.syncAll();
      expect(changes(next, mark)).toEqual([]);
      expect(states(next, 'a')).toEqual(['1:exited(1)', '0:exited(1)']);
      expect(containerStatus(next, 'a')?.state.waiting).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=a pod=web_default(uid-1)' });
      expect(await next.nextPlanIsNoop(UID)).toBe(true);

      await next.advance(9_999);
      await next.syncAll();
      expect(changes(next, mark)).toEqual([]);
      await next.advance(1);
      await next.syncAll();
      expect(states(next, 'a')[0]).toBe('2:running');
      // The doubling goes on from the restored entry.
      expect(instances(next, 'a')[0]?.labels[LABEL_BACKOFF_DELAY]).toBe('20000');
      expect(await next.nextPlanIsNoop(UID)).toBe(true);
    });
  });
});
