/**
 * RuntimeClass on the real engine: `spec.runtimeClassName` runs the sandbox and every container on
 * the class's handler (a Docker runtime), a class the node does not know fails the sandbox as the
 * kubelet's lookup does, and crun runs a pod where the host lets it (scripts/ensure-crun.sh
 * registers it, and makes a hybrid cgroup v1 host one crun accepts; where crun still refuses to run,
 * the test says so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient } from '../helpers/docker.js';
import { BUSYBOX, getPod, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

/** Why crun cannot run a container on this engine, or undefined when it can. */
async function crunUnusable(): Promise<string | undefined> {
  const docker = dockerClient();
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
  if (!info.Runtimes?.crun) return 'crun is not registered with the engine (scripts/ensure-crun.sh)';
  const container = await docker.createContainer({ Image: BUSYBOX, Cmd: ['true'], HostConfig: { Runtime: 'crun', AutoRemove: false } });
  try {
    await container.start();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

describe('RuntimeClass (real engine)', { timeout: 180_000 }, () => {
  let agent: AgentHarness;
  let crunProblem: string | undefined;

  beforeAll(async () => {
    crunProblem = await crunUnusable();
    agent = await startAgent({ extraArgs: ['--runtime-classes', 'standard=runc,crun=crun', '--backoff-initial-seconds', '1', '--backoff-max-seconds', '2'] });
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('runs the sandbox and the containers on the handler of the pod’s RuntimeClass', async () => {
    await agent.writeManifest('standard.yaml', runForeverPod('standard', '  runtimeClassName: standard\n'));
    await waitForRunning(agent, 'standard');
    const containers = await podContainers(agent.nodeName, 'standard');
    expect(containers).toHaveLength(2);
    for (const c of containers) {
      const inspect = await dockerClient().getContainer(c.Id).inspect();
      expect(inspect.HostConfig.Runtime).toBe('runc');
    }
  });

  it('fails the sandbox of a pod naming a class the node does not know, and says how to add it', async () => {
    await agent.writeManifest('unknown.yaml', runForeverPod('unknown', '  runtimeClassName: gvisor\n'));
    const described = await agent.waitFor(
      async () => {
        const out = (await agent.cli(['describe', 'pod', 'unknown'])).stdout;
        return /FailedCreatePodSandBox/.test(out) ? out : undefined;
      },
      { timeoutMs: 30_000, what: 'a FailedCreatePodSandBox event' },
    );
    expect(described).toContain('failed to lookup RuntimeClass gvisor: runtimeclass.node.k8s.io "gvisor" not found');
    expect(described).toContain('--runtime-classes gvisor=<docker runtime>');
    expect((await getPod(agent, 'unknown'))?.status.phase).toBe('Pending');
    expect(await podContainers(agent.nodeName, 'unknown')).toEqual([]);
  });

  it('runs a pod on crun', async (ctx) => {
    if (crunProblem) {
      console.warn(`skipping the crun pod: crun cannot run a container on this engine: ${crunProblem}`);
      ctx.skip();
    }
    await agent.writeManifest('crun.yaml', runForeverPod('on-crun', '  runtimeClassName: crun\n'));
    await waitForRunning(agent, 'on-crun');
    for (const c of await podContainers(agent.nodeName, 'on-crun')) {
      expect((await dockerClient().getContainer(c.Id).inspect()).HostConfig.Runtime).toBe('crun');
    }
  });
});
