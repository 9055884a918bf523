/**
 * Issue 17 §1: dockerd SIGKILLed while the agent creates pods, several times in a row (users see
 * it when the OOM killer takes dockerd, or a crash loop of the engine). Each time a burst of new
 * manifests is written and dockerd dies at a random moment of its creation; the engine comes back
 * (its containerd survived; without live-restore it kills what ran), and in the end every pod runs
 * with exactly one sandbox and one container, nothing is stuck in `created`, and the agent never
 * exited. Bounded: 3 kills, 4 pods each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { listNodeContainers } from '../helpers/docker.js';
import { killEngine, killOrphanedShims, startEngine } from '../helpers/engine-control.js';
import { getPods, runForeverPod } from '../e2e/pod-helpers.js';
import { prng } from '../helpers/prng.js';

const KILLS = 3;
const PODS_PER_BURST = 4;


describe('dockerd killed with SIGKILL during pod creation, several times in a row', () => {
  const seed = Number(process.env.MINIKUBELET_ENGINE_KILLS_SEED ?? Date.now() % 100_000);
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--relist-seconds', '2', '--backoff-initial-seconds', '1', '--backoff-max-seconds', '4'] });
  });
  afterAll(async () => {
    await startEngine();
    await agent?.cleanup();
    // What the killed engines left running unknown to any engine (see killOrphanedShims): the next
    // tests on this engine must not meet their IPs.
    const killed = await killOrphanedShims();
    if (killed > 0) console.warn(`engine-kills: killed ${killed} containerd shims the SIGKILLed dockerd left behind`);
  });

  it(`converges to one sandbox and one container per pod, none left created (seed ${seed})`, { timeout: 600_000 }, async () => {
    const random = prng(seed);
    const names: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      for (let i = 0; i < PODS_PER_BURST; i++) {
        const name = `burst${kill}-pod${i}`;
        names.push(name);
        await agent.writeManifest(`${name}.yaml`, runForeverPod(name));
      }
      // Somewhere in the burst's creation: the sandboxes and containers are created within about a second here.
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(random() * 900)));
      await killEngine();
      await startEngine();
      expect(agent.running, `the agent exited after kill ${kill + 1}; logs:\n${agent.logs()}`).toBe(true);
    }
    const running = (await agent.waitFor(() => getPods(agent), {
      until: (pods) => names.every((n) => pods.some((p) => p.metadata.name === n && p.status.phase === 'Running' && p.status.containerStatuses[0]?.state.running !== undefined)),
      timeoutMs: 240_000,
      what: `all ${names.length} pods Running after ${KILLS} engine kills`,
    }));
    expect(running.filter((p) => names.includes(p.metadata.name))).toHaveLength(names.length);
    // Settled: the relist after the last start finds nothing more to do.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const containers = await listNodeContainers(agent.nodeName);
    for (const name of names) {
      const mine = containers.filter((c) => c.Labels['io.kubernetes.pod.name'] === name);
      const live = (container: string) => mine.filter((c) => c.Labels['io.kubernetes.container.name'] === container && c.State === 'running');
      expect(live('POD'), `${name}: running sandboxes`).toHaveLength(1);
      expect(live('main'), `${name}: running containers`).toHaveLength(1);
    }
    expect(containers.filter((c) => c.State === 'created').map((c) => c.Names[0]), 'containers stuck in created').toEqual([]);
    expect(agent.running).toBe(true);
  });
});
