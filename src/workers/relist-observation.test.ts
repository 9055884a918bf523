/**
 * The relist's list stands for each pod's own list in the syncs it asks for (`RelistSnapshots`):
 * the once-a-minute resync of 100 quiet pods is one engine list, not 101, and a sync never acts
 * on a list older than the pod's last change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import { FakeRuntime } from '../../test/helpers/fake-runtime.js';
import { type FakeAgent, createFakeAgent } from './testing/fake-agent.js';

const NODE = 'node-1';
const agents: FakeAgent<FakeRuntime>[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});
const pods = (n: number) => Array.from({ length: n }, (_, i) => makePod({ metadata: { name: `p${i}`, uid: `uid-${i}` }, containers: [makeContainer('app')] }));
const lists = (agent: FakeAgent<FakeRuntime>, from: number) => agent.runtime.calls.slice(from).filter((c) => c.method === 'listContainers').map((c) => c.args[0] as { podUid?: string });

describe('syncs asked for by a relist use its list', () => {
  it('a full resync of quiet pods lists the engine once', async () => {
    const agent = await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE });
    agents.push(agent);
    await agent.setPods(pods(5));
    await agent.syncAll();
    const mark = agent.runtime.calls.length;
    await agent.advance(60_000);
    await agent.syncAll();
    expect(lists(agent, mark)).toEqual([{}]);
    for (let i = 0; i < 5; i++) expect(agent.status(`p${i}`)?.containerStatuses[0]?.state.running).toBeDefined();
  });

  it('a pod whose container exited is seen exited and restarted from the relist', async () => {
    const agent = await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE });
    agents.push(agent);
    await agent.setPods(pods(2));
    await agent.syncAll();
    agent.exit('p1', 'app', 3);
    await agent.syncAll();
    expect(agent.status('p1')?.containerStatuses[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 3 } }, state: { running: {} } });
    expect(await agent.nextPlanIsNoop('uid-1')).toBe(true);
  });

  it("a new pod's first sync takes its containers (none) from the newest list: no list before its sandbox is made", async () => {
    const agent = await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE });
    agents.push(agent);
    const [p0, p1] = pods(2);
    await agent.setPods([p0!]);
    await agent.syncAll();
    const mark = agent.runtime.calls.length;
    await agent.setPods([p0!, p1!]);
    const calls = agent.runtime.calls.slice(mark).map((c) => c.method);
    expect(calls.indexOf('createContainer')).toBeGreaterThanOrEqual(0);
    expect(calls.slice(0, calls.indexOf('createContainer'))).not.toContain('listContainers');
    expect(agent.status('p1')?.containerStatuses[0]?.state.running).toBeDefined();
    expect(await agent.nextPlanIsNoop('uid-1')).toBe(true);
  });

  it('after an agent restart, a pod that runs is listed by the start, not taken as new: nothing made again', async () => {
    const first = await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE });
    agents.push(first);
    const [p0] = pods(1);
    await first.setPods([p0!]);
    await first.syncAll();
    const agent = await first.restart();
    agents.push(agent);
    const mark = agent.runtime.calls.length;
    // The restarted agent's first desired set comes before any relist: only its start's list knows the pod runs.
    await agent.setPods([p0!]);
    expect(agent.runtime.calls.slice(mark).map((c) => c.method).filter((m) => m === 'createContainer' || m === 'startContainer')).toEqual([]);
    expect(agent.status('p0')?.containerStatuses[0]?.state.running).toBeDefined();
  });
});
