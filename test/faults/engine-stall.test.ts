import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { getPod, getPods, podContainers, runForeverPod, waitForRunning } from '../e2e/pod-helpers.js';

interface NodeList {
  items: { status: { conditions: { type: string; status: string; message?: string }[] } }[];
}

async function dockerdPid(): Promise<number> {
  return Number((await readFile('/var/run/docker.pid', 'utf8')).trim());
}

/** Issue 17 §1: an engine that stops answering (SIGSTOP) must not wedge the agent. */
describe('a Docker engine that stops answering (dockerd frozen with SIGSTOP)', () => {
  let agent: AgentHarness;
  let frozen: number | undefined;

  const thaw = () => {
    if (frozen !== undefined) process.kill(frozen, 'SIGCONT');
    frozen = undefined;
  };

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--relist-seconds', '1', '--runtime-request-timeout-seconds', '3', '--backoff-initial-seconds', '1'] });
    await agent.writeManifest('before.yaml', runForeverPod('before'));
    await waitForRunning(agent, 'before');
  });
  afterAll(async () => {
    thaw();
    await agent?.cleanup();
  });

  it('goes NotReady with the reason while answering get pods from what it knew, then converges when the engine answers again, duplicating nothing', { timeout: 240_000 }, async () => {
    frozen = await dockerdPid();
    try {
      process.kill(frozen, 'SIGSTOP');
      // A pod added during the stall: its sync fails on the deadline and is retried.
      await agent.writeManifest('during.yaml', runForeverPod('during'));
      const node = await agent.waitFor(async () => JSON.parse((await agent.cli(['get', 'nodes', '-o', 'json'])).stdout) as NodeList, {
        until: (list) => list.items[0]?.status.conditions.find((c) => c.type === 'Ready')?.status === 'False',
        timeoutMs: 60_000,
        what: 'the node NotReady while dockerd is frozen',
      });
      expect(node.items[0]!.status.conditions.find((c) => c.type === 'Ready')!.message).toMatch(/container runtime is down: Docker engine did not answer .* within 3s/);
      // The API keeps answering with the last known state.
      const pods = await getPods(agent);
      expect(pods.find((p) => p.metadata.name === 'before')?.status.phase).toBe('Running');
      expect(agent.running).toBe(true);
    } finally {
      thaw();
    }
    await waitForRunning(agent, 'during', 120_000);
    await agent.waitFor(async () => JSON.parse((await agent.cli(['get', 'nodes', '-o', 'json'])).stdout) as NodeList, {
      until: (list) => list.items[0]?.status.conditions.find((c) => c.type === 'Ready')?.status === 'True',
      what: 'the node Ready again',
    });
    for (const name of ['before', 'during']) {
      const containers = await podContainers(agent.nodeName, name);
      const byName = (n: string) => containers.filter((c) => c.Labels['io.kubernetes.container.name'] === n);
      expect(byName('POD'), `${name} sandboxes`).toHaveLength(1);
      expect(byName('main'), `${name} containers`).toHaveLength(1);
      expect(byName('main')[0]!.State).toBe('running');
    }
    expect((await getPod(agent, 'before'))!.status.containerStatuses[0]!.restartCount).toBe(0);
  });
});
