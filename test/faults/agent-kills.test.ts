import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_NODE_NAME } from '../../src/runtime/labels.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient, listNodeContainers, removeNodeContainers } from '../helpers/docker.js';
import { getPods, initThenRunForeverPod } from '../e2e/pod-helpers.js';
import { prng } from '../helpers/prng.js';

const KILLS = 20;
const FAST = ['--relist-seconds', '1', '--backoff-initial-seconds', '1'];


/** Pod `name` with an init container and one app container; `version` changes its spec (a new UID). */
function pod(name: string, version: number): string {
  return initThenRunForeverPod(name, `    env: [{ name: VERSION, value: "v${version}" }]\n`);
}

/** Issue 17 §2: the agent SIGKILLed again and again while pods are added, edited and removed. */
describe('the agent killed with SIGKILL at random moments, 20 times', () => {
  const nodeName = `faults-kills-${process.pid}`;
  const seed = Number(process.env.MINIKUBELET_KILLS_SEED ?? Date.now() % 100_000);
  let manifestDir: string;
  let rootDir: string;
  let agent: AgentHarness | undefined;

  beforeAll(async () => {
    manifestDir = await mkdtemp(join(tmpdir(), 'minikubelet-kills-manifests-'));
    rootDir = await mkdtemp(join(tmpdir(), 'minikubelet-kills-root-'));
  });
  afterAll(async () => {
    await agent?.cleanup();
    await removeNodeContainers(nodeName);
    await removeNodeContainers(`${nodeName}-probe`);
    await Promise.all([manifestDir, rootDir].map((d) => rm(d, { recursive: true, force: true })));
  });

  it(`ends with exactly the wanted pods, one sandbox and one container each, nothing left half-made (seed ${seed})`, { timeout: 420_000 }, async () => {
    const random = prng(seed);
    const wanted = new Map<string, number>([['alpha', 1], ['beta', 1]]);
    const names = ['alpha', 'beta', 'gamma', 'delta'];
    for (const [name, v] of wanted) await writeFile(join(manifestDir, `${name}.yaml`), pod(name, v));
    const deadline = Date.now() + 240_000;
    for (let i = 0; i < KILLS && Date.now() < deadline; i++) {
      // One change to the directory: add, edit (a new UID) or remove a pod.
      const name = names[Math.floor(random() * names.length)]!;
      const action = random();
      if (!wanted.has(name) || action < 0.4) {
        const version = (wanted.get(name) ?? 0) + 1;
        wanted.set(name, version);
        await writeFile(join(manifestDir, `${name}.yaml`), pod(name, version));
      } else if (wanted.size > 1) {
        wanted.delete(name);
        await unlink(join(manifestDir, `${name}.yaml`));
      }
      agent = await startAgent({ manifestDir, rootDir, nodeName, extraArgs: FAST, waitReady: false });
      await new Promise((r) => setTimeout(r, Math.floor(random() * 2500)));
      await agent.kill();
    }
    agent = await startAgent({ manifestDir, rootDir, nodeName, extraArgs: FAST });
    const want = [...wanted.keys()].sort();
    await agent.waitFor(
      async () => {
        const pods = await getPods(agent!);
        const containers = await listNodeContainers(nodeName);
        const ok =
          pods.map((p) => p.metadata.name).sort().join() === want.join() &&
          pods.every((p) => p.status.phase === 'Running' && p.status.containerStatuses[0]?.state.running) &&
          containers.every((c) => want.includes(c.Labels['io.kubernetes.pod.name'] ?? ''));
        return ok ? containers : undefined;
      },
      { timeoutMs: 120_000, what: `exactly ${want.join(', ')} Running, no container of a removed pod` },
    );
    // One sandbox and one app container running per wanted pod, of its current version; nothing stuck in created.
    const containers = await listNodeContainers(nodeName);
    expect(containers.filter((c) => c.State === 'created')).toEqual([]);
    for (const name of want) {
      const mine = containers.filter((c) => c.Labels['io.kubernetes.pod.name'] === name);
      const running = (n: string) => mine.filter((c) => c.Labels['io.kubernetes.container.name'] === n && c.State === 'running');
      expect(running('POD'), `${name} sandboxes`).toHaveLength(1);
      expect(running('main'), `${name} app containers`).toHaveLength(1);
      expect(new Set(mine.map((c) => c.Labels['io.kubernetes.pod.uid'])).size, `${name}: one UID left`).toBe(1);
    }
    // No start-up probe container of the agent left behind.
    const probes = await dockerClient().listContainers({ all: true, filters: { label: [`${LABEL_NODE_NAME}=${nodeName}-probe`] } });
    expect(probes).toEqual([]);
  });
});
