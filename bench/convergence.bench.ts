/**
 * 100 pods dropped into the manifest directory at once: the time until the engine has started all
 * of them, then until `get pods` shows them all Running, and the time to remove them all again;
 * the agent's CPU and RSS idle before (no pods) and with the 100 pods. Bounded: 100 pods, two
 * 30 s idle windows, every container removed by node label at the end.
 */
import { afterAll, expect, it } from 'vitest';
import { LABEL_NODE_NAME } from '../src/runtime/labels.js';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient, listNodeContainers } from '../test/helpers/docker.js';
import { getPods } from '../test/e2e/pod-helpers.js';
import { EngineEvents } from './lib/engine-events.js';
import { oneContainerPod } from './lib/one-container-pod.js';
import { describeMachine } from './lib/machine.js';
import { measureIdle } from './lib/proc-usage.js';

const PODS = Number(process.env.BENCH_PODS ?? 100);
const IDLE_MS = Number(process.env.BENCH_IDLE_SECONDS ?? 30) * 1000;
const docker = dockerClient();

const manifest = (name: string) => oneContainerPod(name);

let agent: AgentHarness | undefined;
afterAll(async () => {
  await agent?.cleanup();
});

it(`measures ${PODS}-pod convergence and the agent's idle footprint`, async () => {
  const machine = await describeMachine(docker);
  agent = await startAgent({ extraArgs: ['--log-level', 'warn', '--max-pods', String(Math.max(110, PODS))] });
  const pid = agent.process.pid!;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idleEmpty = await measureIdle(pid, IDLE_MS);

  const events = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${agent.nodeName}`);
  const names = Array.from({ length: PODS }, (_, i) => `pod-${String(i).padStart(3, '0')}`);
  const written = Date.now();
  try {
    await Promise.all(names.map((name) => agent!.writeManifest(`${name}.yaml`, manifest(name))));
    const started = await events.until((all) => new Set(all.filter((e) => e.action === 'start' && e.container === 'app').map((e) => e.pod)).size >= PODS, 600_000, `${PODS} pods started`);
    const allStartedMs = Math.max(...started.filter((e) => e.action === 'start' && e.container === 'app').map((e) => e.atMs)) - written;
    await agent.waitFor(async () => (await getPods(agent!)).filter((p) => p.status.phase === 'Running').length, {
      until: (running) => running === PODS, timeoutMs: 300_000, intervalMs: 200, what: `${PODS} pods Running`,
    });
    const allRunningMs = Date.now() - written;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idleFull = await measureIdle(pid, IDLE_MS);

    const removing = Date.now();
    await Promise.all(names.map((name) => agent!.removeManifest(`${name}.yaml`)));
    await agent.waitFor(async () => (await listNodeContainers(agent!.nodeName)).length, { until: (n) => n === 0, timeoutMs: 300_000, intervalMs: 200, what: 'every container removed' });
    const allRemovedMs = Date.now() - removing;

    const results = {
      machine,
      pods: PODS,
      'all containers started (engine events)': `${(allStartedMs / 1000).toFixed(1)} s`,
      'all pods Running (get pods)': `${(allRunningMs / 1000).toFixed(1)} s`,
      'all removed after the manifests went': `${(allRemovedMs / 1000).toFixed(1)} s`,
      'agent idle, no pods': idleEmpty,
      [`agent idle, ${PODS} pods`]: idleFull,
    };
    console.log(`convergence bench result:\n${JSON.stringify(results, null, 2)}`);
    expect(allRunningMs).toBeGreaterThan(0);
  } finally {
    events.close();
  }
});
