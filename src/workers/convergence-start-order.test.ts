/**
 * The order of a pod's first start on an in-memory runtime whose starts a test can hold: app
 * containers are created while their new sandbox starts and started together; a postStart hook
 * keeps the kubelet's one-after-the-other order; a sandbox that fails to start leaves no app
 * container behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import type { ObservedContainer } from '../runtime/types.js';
import { FakeRuntime } from '../../test/helpers/fake-runtime.js';
import { type FakeAgent, createFakeAgent } from './testing/fake-agent.js';

const NODE = 'node-1';
type Agent = FakeAgent<FakeRuntime>;
const agents: Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});
async function newAgent(): Promise<Agent> {
  const agent = await createFakeAgent({ runtime: new FakeRuntime({ nodeName: NODE }), nodeName: NODE });
  agents.push(agent);
  return agent;
}

/** Holds every start of a sandbox until released; what the agent did meanwhile is in `calls`. */
function holdSandboxStarts(runtime: FakeRuntime): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  runtime.startGate = async (c: ObservedContainer) => {
    if (c.kind !== 'sandbox') return;
    reached();
    await gate;
  };
  return { held, release };
}

/** `create:a`, `start:POD`, ... in call order, for the engine-changing calls. */
function steps(runtime: FakeRuntime): string[] {
  const nameOf = (id: string) => runtime.containers.get(id)?.containerName ?? id;
  return runtime.calls.flatMap((call) => {
    if (call.method === 'createContainer') return [`create:${(call.args[0] as { labels: Record<string, string> }).labels['io.kubernetes.container.name']}`];
    if (call.method === 'startContainer') return [`start:${nameOf(call.args[0] as string)}`];
    if (call.method === 'removeContainer') return [`remove:${nameOf(call.args[0] as string)}`];
    return [];
  });
}

describe('first start of a pod', () => {
  it('shows the pod Pending, its containers ContainerCreating, while its first sync is under way (the kubelet sets the status first)', async () => {
    const agent = await newAgent();
    const hold = holdSandboxStarts(agent.runtime);
    const setting = agent.setPods([makePod({ containers: [makeContainer('a')] })]);
    await hold.held;
    try {
      expect(agent.status('web')?.phase).toBe('Pending');
      expect(agent.status('web')?.containerStatuses[0]?.state.waiting?.reason).toBe('ContainerCreating');
    } finally {
      hold.release();
      await setting;
    }
  });

  it('creates the app containers while the sandbox starts, and starts them only once it runs', async () => {
    const agent = await newAgent();
    const hold = holdSandboxStarts(agent.runtime);
    const setting = agent.setPods([makePod({ containers: [makeContainer('a'), makeContainer('b'), makeContainer('c')] })]);
    await hold.held;
    try {
      // The sync runs on while the sandbox start is held: the apps get created (in any order), none started.
      for (let i = 0; i < 100 && steps(agent.runtime).length < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(steps(agent.runtime).slice(0, 2)).toEqual(['create:POD', 'start:POD']);
      expect(steps(agent.runtime).slice(2).sort()).toEqual(['create:a', 'create:b', 'create:c']);
    } finally {
      hold.release();
    }
    await setting;
    expect(steps(agent.runtime).slice(5).sort()).toEqual(['start:a', 'start:b', 'start:c']);
    expect(agent.status('web')?.containerStatuses?.map((s) => s.state?.running !== undefined)).toEqual([true, true, true]);
  });

  it('keeps the spec order, each started before the next is created, when a postStart hook can observe it', async () => {
    const agent = await newAgent();
    const hooked = makeContainer('a', { lifecycle: { postStart: { exec: { command: ['true'] } } } });
    await agent.setPods([makePod({ containers: [hooked, makeContainer('b')] })]);
    expect(steps(agent.runtime)).toEqual(['create:POD', 'start:POD', 'create:a', 'start:a', 'create:b', 'start:b']);
  });

  it('removes the app containers it created when the sandbox fails to start, and creates none twice on the retry', async () => {
    const agent = await newAgent();
    agent.runtime.startGate = async (c) => {
      if (c.kind === 'sandbox' && c.attempt === 0) throw new Error('failed to set up network');
    };
    await agent.setPods([makePod({ containers: [makeContainer('a'), makeContainer('b')] })]);
    const apps = () => [...agent.runtime.containers.values()].filter((c) => c.kind === 'app');
    expect(apps()).toEqual([]);
    // The sandbox and both app containers removed (gone from the runtime, so named by ID here).
    expect(steps(agent.runtime).filter((s) => s.startsWith('remove:'))).toHaveLength(3);
    agent.runtime.startGate = undefined;
    await agent.advance(60_000);
    await agent.syncAll();
    expect(apps().map((c) => `${c.containerName}:${c.state}`).sort()).toEqual(['a:running', 'b:running']);
  });
});
