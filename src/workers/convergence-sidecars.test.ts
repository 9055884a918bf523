/**
 * Convergence on an in-memory runtime for sidecar containers and activeDeadlineSeconds (issue 14):
 * the start order, a Job-like pod completing beside its sidecar, the stop order, the deadline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import type { ObservedContainer } from '../runtime/types.js';
import { FakeRuntime } from '../../test/helpers/fake-runtime.js';
import { type FakeAgent, createFakeAgent } from './testing/fake-agent.js';

const NODE = 'node-1';
const UID = 'uid-1';

/** `default/web`: sidecars `log` and `proxy`, init container `setup` between them, app container `a`. */
function sidecarPod(overrides: Parameters<typeof makePod>[0] = {}): Pod {
  return makePod({
    initContainers: [makeContainer('log', { restartPolicy: 'Always' }), makeContainer('setup'), makeContainer('proxy', { restartPolicy: 'Always' })],
    containers: [makeContainer('a')],
    ...overrides,
  });
}

type Agent = FakeAgent<FakeRuntime>;
const agents: Agent[] = [];
const newAgent = async (): Promise<Agent> => {
  const agent = await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE });
  agents.push(agent);
  return agent;
};
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});

function instances(agent: Agent, name: string): ObservedContainer[] {
  return [...agent.runtime.containers.values()].filter((c) => c.containerName === name).sort((x, y) => y.attempt - x.attempt);
}
const stateOf = (agent: Agent, name: string) => instances(agent, name)[0]?.state;
/** Names of the containers started, in order, since call `from`. */
function started(agent: Agent, from = 0): string[] {
  return agent.runtime.calls.slice(from).filter((c) => c.method === 'startContainer').map((c) => agent.runtime.containers.get(c.args[0] as string)?.containerName ?? '?');
}
/** Runs the pod to all-running: each start event's sync driven by hand. */
async function runToReady(agent: Agent, pod: Pod): Promise<void> {
  await agent.setPods([pod]);
  await agent.syncAll();
  agent.exit('web', 'setup', 0);
  await agent.syncAll();
  await agent.syncAll();
  expect(stateOf(agent, 'a')).toBe('running');
}
function stopped(agent: Agent, from = 0): string[] {
  return agent.runtime.calls.slice(from).filter((c) => c.method === 'stopContainer').map((c) => agent.runtime.containers.get(c.args[0] as string)?.containerName ?? '?');
}

describe('convergence: sidecar containers', () => {
  it('starts sidecars and init containers in order, each after the previous is started or done, then the app; then nothing to do', async () => {
    const agent = await newAgent();
    await agent.setPods([sidecarPod()]);
    expect(started(agent)).toEqual(['POD', 'log']);
    // Started (no startup probe): the next sync, which the container's start event brings, runs setup.
    await agent.syncAll();
    expect(started(agent)).toEqual(['POD', 'log', 'setup']);
    agent.exit('web', 'setup', 0);
    await agent.syncAll();
    expect(started(agent)).toEqual(['POD', 'log', 'setup', 'proxy']);
    await agent.syncAll();
    expect(started(agent)).toEqual(['POD', 'log', 'setup', 'proxy', 'a']);
    const status = agent.status('web')!;
    expect(status.phase).toBe('Running');
    expect(status.initContainerStatuses.map((s) => [s.name, s.started, s.ready])).toEqual([['log', true, true], ['setup', false, true], ['proxy', true, true]]);
    expect(status.conditions.find((c) => c.type === 'Initialized')?.status).toBe('True');
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);
  });

  it('restarts a sidecar that exits, even in a restartPolicy Never pod, without touching the app', async () => {
    const agent = await newAgent();
    await runToReady(agent, sidecarPod({ restartPolicy: 'Never' }));
    const mark = agent.runtime.calls.length;
    agent.exit('web', 'log', 1);
    await agent.syncAll();
    expect(started(agent, mark)).toEqual(['log']);
    expect(instances(agent, 'log')[0]).toMatchObject({ attempt: 1, state: 'running' });
    expect(stateOf(agent, 'a')).toBe('running');
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);
  });

  it('lets a Job-like pod complete: the app exits 0 under Never, the sidecars stop after it, in reverse order, and the pod Succeeds', async () => {
    const agent = await newAgent();
    await runToReady(agent, sidecarPod({ restartPolicy: 'Never' }));
    const mark = agent.runtime.calls.length;
    agent.exit('web', 'a', 0);
    await agent.syncAll();
    expect(stopped(agent, mark)).toEqual(['proxy', 'log', 'POD']);
    expect(agent.status('web')?.phase).toBe('Succeeded');
    await agent.syncAll();
    expect(started(agent, mark)).toEqual([]);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);
  });

  it('stops the app containers before the sidecars, the sidecars in reverse order, when the pod is removed', async () => {
    const agent = await newAgent();
    await runToReady(agent, sidecarPod());
    const names = new Map([...agent.runtime.containers.values()].map((c) => [c.id, c.containerName]));
    const mark = agent.runtime.calls.length;
    await agent.setPods([]);
    expect(agent.runtime.calls.slice(mark).filter((c) => c.method === 'stopContainer').map((c) => names.get(c.args[0] as string))).toEqual(['a', 'proxy', 'log', 'POD']);
    expect(agent.runtime.containers.size).toBe(0);
  });
});

describe('convergence: activeDeadlineSeconds', () => {
  it('stops a pod active longer than its deadline: Failed, DeadlineExceeded, never started again', async () => {
    const agent = await newAgent();
    await agent.setPods([makePod({ containers: [makeContainer('a')], activeDeadlineSeconds: 60 })]);
    expect(stateOf(agent, 'a')).toBe('running');
    await agent.advance(59_000);
    await agent.syncAll();
    expect(stateOf(agent, 'a')).toBe('running');
    await agent.advance(1_000);
    await agent.syncAll();
    expect(stateOf(agent, 'a')).toBe('exited');
    expect(stateOf(agent, 'POD')).toBe('exited');
    expect(agent.status('web')).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    const mark = agent.runtime.calls.length;
    await agent.advance(600_000);
    await agent.syncAll();
    expect(started(agent, mark)).toEqual([]);
    expect(await agent.nextPlanIsNoop(UID)).toBe(true);
  });
});
