import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient } from '../helpers/docker.js';
import { restartEngine } from '../helpers/engine-control.js';
import { getPod, initThenRunForeverPod, podContainers, waitForRunning } from '../e2e/pod-helpers.js';

interface NodeList {
  items: { status: { conditions: { type: string; status: string; lastTransitionTime: string }[] } }[];
}

const POD = initThenRunForeverPod('steady');

describe('the Docker engine restarted under a running agent', () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--relist-seconds', '2', '--backoff-initial-seconds', '1'] });
    await agent.writeManifest('steady.yaml', POD);
    await waitForRunning(agent, 'steady');
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('reconnects, relists and brings the pod back in a new sandbox, without duplicates', { timeout: 240_000 }, async () => {
    const before = (await getPod(agent, 'steady'))!;
    const outageStartedMs = Math.floor(Date.now() / 1000) * 1000;
    await restartEngine();
    const pod = await agent.waitFor(() => getPod(agent, 'steady'), {
      until: (p) => !!p && p.status.phase === 'Running' && !!p.status.containerStatuses[0]?.state.running && p.status.podIP !== undefined,
      timeoutMs: 120_000,
      what: 'steady Running again after the engine restart',
    });
    expect(agent.running).toBe(true);
    // The node went NotReady during the outage and is Ready again: its Ready condition last changed
    // after the outage began.
    const node = await agent.waitFor(async () => JSON.parse((await agent.cli(['get', 'nodes', '-o', 'json'])).stdout) as NodeList, {
      until: (list) => list.items[0]?.status.conditions.find((c) => c.type === 'Ready')?.status === 'True',
      what: 'the node Ready again',
    });
    const ready = node.items[0]!.status.conditions.find((c) => c.type === 'Ready')!;
    expect(Date.parse(ready.lastTransitionTime)).toBeGreaterThanOrEqual(outageStartedMs);
    expect(agent.logs()).toMatch(/Lost the Docker events stream/);
    expect(agent.logs()).toMatch(/Lost the Docker events stream; reconnecting/);
    expect(pod!.status.containerStatuses[0]!.restartCount).toBeGreaterThan(before.status.containerStatuses[0]!.restartCount);
    const containers = await podContainers(agent.nodeName, 'steady');
    const running = (name: string) => containers.filter((c) => c.Labels['io.kubernetes.container.name'] === name && c.State === 'running');
    expect(running('POD')).toHaveLength(1);
    expect(running('main')).toHaveLength(1);
    // Docker's own restart policy stays "no": the agent, not the engine, restarts pod containers.
    for (const c of containers) {
      expect((await dockerClient().getContainer(c.Id).inspect()).HostConfig.RestartPolicy?.Name).toBe('no');
    }
  });
});
