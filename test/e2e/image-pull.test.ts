import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { getPod, podContainers } from './pod-helpers.js';

function pod(name: string, image: string, pullPolicy: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: main
    image: ${image}
    imagePullPolicy: ${pullPolicy}
`;
}

async function waitingReason(agent: AgentHarness, name: string): Promise<string | undefined> {
  return (await getPod(agent, name))?.status.containerStatuses[0]?.state.waiting?.reason;
}

describe('image pull policies with no registry reachable', () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent();
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('shows ErrImageNeverPull for a missing image with imagePullPolicy Never, and creates no app container', async () => {
    await agent.writeManifest('never.yaml', pod('never', 'minikubelet/not-here:1.0', 'Never'));
    await agent.waitFor(() => waitingReason(agent, 'never'), { until: (r) => r === 'ErrImageNeverPull', what: 'ErrImageNeverPull' });
    const table = await agent.cli(['get', 'pods']);
    expect(table.stdout).toMatch(/never\s+0\/1\s+ErrImageNeverPull/);
    const containers = await podContainers(agent.nodeName, 'never');
    expect(containers.map((c) => c.Labels['io.kubernetes.container.name'])).toEqual(['POD']);
    const describe = await agent.cli(['describe', 'pod', 'never']);
    expect(describe.stdout).toMatch(/Container image "minikubelet\/not-here:1.0" is not present with pull policy of Never/);
  });

  it('shows ErrImagePull, then ImagePullBackOff, when a pull fails', async () => {
    await agent.writeManifest('pull.yaml', pod('pull', '127.0.0.1:1/nothing:1.0', 'IfNotPresent'));
    const seen = new Set<string>();
    await agent.waitFor(
      async () => {
        const reason = await waitingReason(agent, 'pull');
        if (reason) seen.add(reason);
        return seen.has('ImagePullBackOff') || (seen.has('ErrImagePull') && (await agent.cli(['describe', 'pod', 'pull'])).stdout.includes('Back-off pulling image'));
      },
      { timeoutMs: 60_000, what: 'ErrImagePull then ImagePullBackOff' },
    );
    expect(seen.has('ErrImagePull') || seen.has('ImagePullBackOff')).toBe(true);
    const describe = (await agent.cli(['describe', 'pod', 'pull'])).stdout;
    expect(describe).toMatch(/Failed to pull image "127.0.0.1:1\/nothing:1.0"/);
  });
});
