/**
 * Pod start latency: from writing a manifest to the engine starting the pod's last container,
 * against the floor of the same containers created and started by a plain dockerode script, for
 * pods of 1 and 3 app containers, 20 pods each, one at a time, with the phases of each
 * (`lib/start-phases.ts`). Bounded: 80 pods in all, every
 * container removed by node label at the end.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { LABEL_NODE_NAME } from '../src/runtime/labels.js';
import { type AgentHarness, TEST_PAUSE_IMAGE, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient, removeNodeContainers } from '../test/helpers/docker.js';
import { BUSYBOX } from '../test/e2e/pod-helpers.js';
import { EngineEvents } from './lib/engine-events.js';
import { startFloorPod } from './lib/docker-floor.js';
import { describeMachine } from './lib/machine.js';
import { type StartPhases, startPhases, summarizePhases } from './lib/start-phases.js';
import { formatSummary, summarize } from './lib/stats.js';

const PODS = Number(process.env.BENCH_PODS ?? 20);
const docker = dockerClient();

function manifest(name: string, apps: number): string {
  const containers = Array.from({ length: apps }, (_, i) => `
  - name: app${i}
    image: ${BUSYBOX}
    command: ["sleep", "3600"]`).join('');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:${containers}\n`;
}

/** When the engine started the last of the pod's app containers. */
async function lastAppStart(events: EngineEvents, pod: string, apps: number): Promise<number> {
  const seen = await events.until((all) => all.filter((e) => e.pod === pod && e.action === 'start' && e.container !== 'POD').length >= apps, 60_000, `${pod} started`);
  return Math.max(...seen.filter((e) => e.pod === pod && e.action === 'start' && e.container !== 'POD').map((e) => e.atMs));
}

let agent: AgentHarness | undefined;
const floorNode = `bench-floor-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  await agent?.cleanup();
  await removeNodeContainers(floorNode);
});

it(`measures pod start latency against the Docker API floor (${PODS} pods each of 1 and 3 containers)`, async () => {
  const machine = await describeMachine(docker);
  agent = await startAgent({ extraArgs: ['--log-level', 'warn'] });
  const agentEvents = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${agent.nodeName}`);
  const floorEvents = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${floorNode}`);
  const results: Record<string, unknown> = { machine };
  try {
    for (const apps of [1, 3]) {
      const agentMs: number[] = [];
      const floorMs: number[] = [];
      const agentPhases: StartPhases[] = [];
      const floorPhases: StartPhases[] = [];
      for (let i = 0; i < PODS; i++) {
        // Alternate agent and floor pods, so both see the same engine state.
        const name = `start-${apps}-${String(i).padStart(2, '0')}`;
        const written = Date.now();
        await agent.writeManifest(`${name}.yaml`, manifest(name, apps));
        agentMs.push((await lastAppStart(agentEvents, name, apps)) - written);
        agentPhases.push(startPhases(agentEvents.seen, name, written));
        const t0 = Date.now();
        await startFloorPod({ docker, nodeName: floorNode, pod: name, apps, pauseImage: TEST_PAUSE_IMAGE, appImage: BUSYBOX });
        floorMs.push((await lastAppStart(floorEvents, name, apps)) - t0);
        floorPhases.push(startPhases(floorEvents.seen, name, t0));
      }
      const agentSummary = summarize(agentMs);
      const floorSummary = summarize(floorMs);
      results[`${apps} container${apps > 1 ? 's' : ''}`] = {
        agent: formatSummary(agentSummary),
        floor: formatSummary(floorSummary),
        ratio: Math.round((agentSummary.median / floorSummary.median) * 100) / 100,
        phasesMedianMs: { agent: summarizePhases(agentPhases), floor: summarizePhases(floorPhases) },
      };
    }
  } finally {
    agentEvents.close();
    floorEvents.close();
  }
  console.log(`pod start bench result:\n${JSON.stringify(results, null, 2)}`);
  expect(Object.keys(results)).toHaveLength(3);
});
