/**
 * Node mode's needs of the sync loop, on the fake runtime: a second pod source that has not listed
 * yet holds removals (kubelet `sourcesReady`), and a deletion's own grace period shortens the kill.
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
const newAgent = async () => {
  const agent = await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE });
  agents.push(agent);
  return agent;
};
const web = () => makePod({ containers: [makeContainer('a')] });
const stops = (agent: FakeAgent<FakeRuntime>) => agent.runtime.calls.filter((c) => c.method === 'stopContainer').map((c) => c.args[1]);

describe('pod sources', () => {
  it('keeps a running pod no snapshot names until the held source has listed, then kills it', async () => {
    const first = await newAgent();
    await first.setPods([web()]);
    const agent = await first.restart();
    agents.push(agent);
    let listed!: () => void;
    agent.holdRemovals(new Promise<void>((resolve) => (listed = resolve)));
    await agent.setPods([]);
    await agent.syncAll();
    expect(stops(agent)).toEqual([]);
    listed();
    await new Promise((r) => setTimeout(r, 0));
    await agent.idle();
    expect(stops(agent).length).toBeGreaterThan(0);
  });

  it.each([
    ['a deletion grace shorter than the pod\'s', 5, 5],
    ['a deletion grace longer than the pod\'s: the deletion\'s (the API server\'s deletionGracePeriodSeconds replaces it, kubelet calculateEffectiveGracePeriod)', 300, 300],
    ['none: the pod\'s terminationGracePeriodSeconds', undefined, 30],
  ])('kills with %s', async (_name, deletionGrace, expected) => {
    const agent = await newAgent();
    const pod = web();
    await agent.setPods([pod]);
    await agent.setPods([], deletionGrace === undefined ? undefined : new Map([[pod.metadata.uid, deletionGrace]]));
    // The app container with the grace period; the sandbox with its own fixed one.
    expect(stops(agent)[0]).toBe(expected);
  });
});
