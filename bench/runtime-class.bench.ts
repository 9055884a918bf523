/**
 * RuntimeClass (issue 18 §3): pod start latency with `runtimeClassName: crun` against the Docker
 * floor with crun, beside runc (the engine's default) the same way, and beside `podman kube play`
 * (Debian's podman with crun, no daemon) on the same pods, all in one run, pods of 1 and 3 app
 * containers, BENCH_PODS (10) of each, one at a time, the three alternating. With a profile of
 * where the time goes: each engine call of the floor (create and start of the sandbox, then of
 * the apps), and the podman CLI's own start. Bounded: 4 × BENCH_PODS pods each for the agent and
 * the floor, 2 × BENCH_PODS for podman, all removed at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LABEL_NODE_NAME } from '../src/runtime/labels.js';
import { type AgentHarness, TEST_PAUSE_IMAGE, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient, removeNodeContainers } from '../test/helpers/docker.js';
import { BUSYBOX } from '../test/e2e/pod-helpers.js';
import { EngineEvents } from './lib/engine-events.js';
import { type FloorSteps, startFloorPod } from './lib/docker-floor.js';
import { describeMachine } from './lib/machine.js';
import { type PodmanPlay, preparePodman } from './lib/podman-play.js';
import { type StartPhases, startPhases, summarizePhases } from './lib/start-phases.js';
import { formatSummary, summarize } from './lib/stats.js';

const PODS = Number(process.env.BENCH_PODS ?? 10);
const RUNTIMES = ['runc', 'crun'] as const;
const docker = dockerClient();

function manifest(name: string, apps: number, runtimeClass?: string): string {
  const containers = Array.from({ length: apps }, (_, i) => `
  - name: app${i}
    image: ${BUSYBOX}
    command: ["sleep", "3600"]`).join('');
  const klass = runtimeClass ? `\n  runtimeClassName: ${runtimeClass}` : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:${klass}\n  terminationGracePeriodSeconds: 0\n  containers:${containers}\n`;
}

/** When the engine started the last of the pod's app containers. */
async function lastAppStart(events: EngineEvents, pod: string, apps: number): Promise<number> {
  const seen = await events.until((all) => all.filter((e) => e.pod === pod && e.action === 'start' && e.container !== 'POD').length >= apps, 60_000, `${pod} started`);
  return Math.max(...seen.filter((e) => e.pod === pod && e.action === 'start' && e.container !== 'POD').map((e) => e.atMs));
}

const median = (values: number[]) => summarize(values).median;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

let agent: AgentHarness | undefined;
let podman: PodmanPlay | undefined;
const podmanPods: string[] = [];
const floorNode = `bench-floor-${randomBytes(4).toString('hex')}`;
let podmanDir: string | undefined;
afterAll(async () => {
  await agent?.cleanup();
  await removeNodeContainers(floorNode);
  await podman?.cleanup(podmanPods);
  if (podmanDir) await rm(podmanDir, { recursive: true, force: true });
});

it(`measures pod start on runc and crun against their Docker floors, and podman kube play (${PODS} pods each of 1 and 3 containers)`, async () => {
  const machine = await describeMachine(docker);
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
  if (!info.Runtimes?.crun) throw new Error('crun is not registered with the engine: run scripts/ensure-crun.sh');
  const prepared = await preparePodman(BUSYBOX);
  podman = typeof prepared === 'string' ? undefined : prepared;
  podmanDir = await mkdtemp(join(tmpdir(), 'bench-podman-manifests-'));
  agent = await startAgent({ extraArgs: ['--log-level', 'warn', '--runtime-classes', 'runc=runc,crun=crun'] });
  const agentEvents = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${agent.nodeName}`);
  const floorEvents = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${floorNode}`);
  const results: Record<string, unknown> = { machine, podman: podman?.runtime ?? `not measured: ${prepared as string}` };
  try {
    for (const apps of [1, 3]) {
      const agentMs = { runc: [] as number[], crun: [] as number[] };
      const floorMs = { runc: [] as number[], crun: [] as number[] };
      const steps = { runc: [] as FloorSteps[], crun: [] as FloorSteps[] };
      const phases = { agent: { runc: [] as StartPhases[], crun: [] as StartPhases[] }, floor: { runc: [] as StartPhases[], crun: [] as StartPhases[] } };
      const podmanMs: number[] = [];
      for (let i = 0; i < PODS; i++) {
        for (const runtime of RUNTIMES) {
          const name = `rc-${runtime}-${apps}-${String(i).padStart(2, '0')}`;
          const written = Date.now();
          await agent.writeManifest(`${name}.yaml`, manifest(name, apps, runtime));
          agentMs[runtime].push((await lastAppStart(agentEvents, name, apps)) - written);
          phases.agent[runtime].push(startPhases(agentEvents.seen, name, written));
          const t0 = Date.now();
          const step: FloorSteps = {};
          await startFloorPod({ docker, nodeName: floorNode, pod: name, apps, pauseImage: TEST_PAUSE_IMAGE, appImage: BUSYBOX, runtime, steps: step });
          floorMs[runtime].push((await lastAppStart(floorEvents, name, apps)) - t0);
          phases.floor[runtime].push(startPhases(floorEvents.seen, name, t0));
          steps[runtime].push(step);
        }
        if (podman) {
          const name = `bench-podman-${apps}-${String(i).padStart(2, '0')}`;
          const file = join(podmanDir, `${name}.yaml`);
          await writeFile(file, manifest(name, apps));
          podmanPods.push(name);
          podmanMs.push(await podman.play(file));
        }
      }
      const byRuntime = Object.fromEntries(
        RUNTIMES.map((runtime) => [
          runtime,
          {
            agent: formatSummary(summarize(agentMs[runtime])),
            floor: formatSummary(summarize(floorMs[runtime])),
            ratio: ratio(median(agentMs[runtime]), median(floorMs[runtime])),
            floorStepsMedianMs: Object.fromEntries(
              (['createSandbox', 'startSandbox', 'createApps', 'startApps'] as const).map((k) => [k, median(steps[runtime].map((s) => s[k] ?? 0))]),
            ),
            phasesMedianMs: { agent: summarizePhases(phases.agent[runtime]), floor: summarizePhases(phases.floor[runtime]) },
          },
        ]),
      );
      results[`${apps} container${apps > 1 ? 's' : ''}`] = {
        ...byRuntime,
        ...(podman
          ? {
              podmanKubePlay: formatSummary(summarize(podmanMs)),
              podmanToCrunFloor: ratio(median(podmanMs), median(floorMs.crun)),
              agentCrunToPodman: ratio(median(agentMs.crun), median(podmanMs)),
            }
          : {}),
      };
    }
    if (podman) {
      const starts: number[] = [];
      for (let i = 0; i < 5; i++) starts.push(await podman.cliStart());
      results.podmanCliStartMs = formatSummary(summarize(starts));
    }
  } finally {
    agentEvents.close();
    floorEvents.close();
  }
  console.log(`runtime class bench result:\n${JSON.stringify(results, null, 2)}`);
  expect(Object.keys(results)).toContain('3 containers');
});
