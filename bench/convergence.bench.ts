/**
 * 100 pods dropped into the manifest directory at once: the time until the engine has started all
 * of them, then until `get pods` shows them all Running, and the time to remove them all again;
 * the agent's CPU and RSS idle before (no pods) and with the 100 pods. Then the floor, the same
 * 100 pods (a pause container and one app each) created and started by a plain dockerode script,
 * all at once, and removed by it, the pods all at once, with the kubelet's 2 s minimum grace; once
 * more force-removed (`floorRemove`): issue 18 §2, each figure as a ratio to its floor. Agent and
 * floor alternate for `BENCH_ROUNDS` rounds (3) and the ratios are the rounds' medians; the first
 * round's removals are profiled phase by phase from the engine's events (`removalPhases`).
 * Bounded: 100 pods per round, two 30 s idle windows, every container removed by node label at the end.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { VANISHED_FILE_GRACE_MS } from '../src/manifests/scan-timing.js';
import { LABEL_CONTAINER_NAME, LABEL_NODE_NAME, LABEL_POD_NAME } from '../src/runtime/labels.js';
import { type AgentHarness, TEST_PAUSE_IMAGE, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient, listNodeContainers, removeNodeContainers } from '../test/helpers/docker.js';
import { BUSYBOX, getPods } from '../test/e2e/pod-helpers.js';
import { startFloorPod } from './lib/docker-floor.js';
import { type EngineEvent, EngineEvents } from './lib/engine-events.js';
import { removalPhases } from './lib/removal-phases.js';
import { median } from './lib/stats.js';
import { oneContainerPod } from './lib/one-container-pod.js';
import { describeMachine } from './lib/machine.js';
import { measureIdle } from './lib/proc-usage.js';

const PODS = Number(process.env.BENCH_PODS ?? 100);
const IDLE_MS = Number(process.env.BENCH_IDLE_SECONDS ?? 30) * 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const docker = dockerClient();

const manifest = (name: string) => oneContainerPod(name);

let agent: AgentHarness | undefined;
const floorNode = `bench-floor-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  await agent?.cleanup();
  await removeNodeContainers(floorNode);
});

/** The floor: the pods started by a plain script, all at once; ms until the engine started the last app. */
async function floorStart(events: EngineEvents, names: string[]): Promise<number> {
  const t0 = Date.now();
  const apps = (all: EngineEvent[]) => all.filter((e) => e.action === 'start' && e.container === 'app0' && names.includes(e.pod));
  await Promise.all(names.map((pod) => startFloorPod({ docker, nodeName: floorNode, pod, apps: 1, pauseImage: TEST_PAUSE_IMAGE, appImage: BUSYBOX })));
  const started = await events.until((all) => new Set(apps(all).map((e) => e.pod)).size >= names.length, 600_000, 'the floor pods started');
  return Math.max(...apps(started).map((e) => e.atMs)) - t0;
}

/**
 * The floor's removal, every pod at once. `kubelet`: the engine calls the kubelet's rules ask for
 * at grace 0: the app stopped with the 2 s minimum grace (`minimumGracePeriodInSeconds`; busybox
 * `sleep` as PID 1 ignores SIGTERM, so that is SIGKILL 2 s later), then the sandbox stopped, then
 * both removed. `sigkill`: each container force-removed at once (SIGKILL), apps before their
 * sandbox, which the kubelet's minimum grace forbids. ms until none is left.
 */
async function floorRemove(mode: 'kubelet' | 'sigkill'): Promise<{ ms: number; fromMs: number }> {
  const containers = await listNodeContainers(floorNode);
  const byPod = new Map<string, typeof containers>();
  for (const c of containers) byPod.set(c.Labels[LABEL_POD_NAME] ?? '', [...(byPod.get(c.Labels[LABEL_POD_NAME] ?? '') ?? []), c]);
  const t0 = Date.now();
  await Promise.all(
    [...byPod.values()].map(async (pod) => {
      const isSandbox = (c: (typeof containers)[number]) => c.Labels[LABEL_CONTAINER_NAME] === 'POD';
      const apps = pod.filter((x) => !isSandbox(x));
      const sandboxes = pod.filter(isSandbox);
      if (mode === 'kubelet') {
        await Promise.all(apps.map((c) => docker.getContainer(c.Id).stop({ t: 2 })));
        await Promise.all(sandboxes.map((c) => docker.getContainer(c.Id).stop({ t: 10 })));
        await Promise.all(pod.map((c) => docker.getContainer(c.Id).remove({ force: true })));
        return;
      }
      for (const c of apps) await docker.getContainer(c.Id).remove({ force: true });
      for (const c of sandboxes) await docker.getContainer(c.Id).remove({ force: true });
    }),
  );
  return { ms: Date.now() - t0, fromMs: t0 };
}

/** Until the engine's `destroy` event of each of `pods`' containers (2 each) is in `events`: the stream lags the calls. */
async function untilDestroyed(events: EngineEvents, pods: string[]): Promise<void> {
  const wanted = new Set(pods);
  await events.until((all) => all.filter((e) => e.action === 'destroy' && wanted.has(e.pod)).length >= 2 * pods.length, 30_000, 'the destroy events');
}

/** One agent round: the manifests written, all started, all Running; `between` runs then; all removed. */
async function agentRound(a: AgentHarness, events: EngineEvents, names: string[], between: () => Promise<void>) {
  const written = Date.now();
  const startedPods = (all: EngineEvent[]) => new Set(all.filter((e) => e.action === 'start' && e.container === 'app' && names.includes(e.pod)).map((e) => e.pod));
  await Promise.all(names.map((name) => a.writeManifest(`${name}.yaml`, manifest(name))));
  const started = await events.until((all) => startedPods(all).size >= names.length, 600_000, `${names.length} pods started`);
  const startedMs = Math.max(...started.filter((e) => e.action === 'start' && e.container === 'app' && names.includes(e.pod)).map((e) => e.atMs)) - written;
  await a.waitFor(async () => (await getPods(a)).filter((p) => p.status.phase === 'Running' && names.includes(p.metadata.name)).length, {
    until: (running) => running === names.length, timeoutMs: 300_000, intervalMs: 200, what: `${names.length} pods Running`,
  });
  const runningMs = Date.now() - written;
  await between();
  const removing = Date.now();
  await Promise.all(names.map((name) => a.removeManifest(`${name}.yaml`)));
  await a.waitFor(async () => (await listNodeContainers(a.nodeName)).length, { until: (n) => n === 0, timeoutMs: 300_000, intervalMs: 200, what: 'every container removed' });
  const removedMs = Date.now() - removing;
  await untilDestroyed(events, names);
  // The agent starts removing when the vanished-file grace ends: its phases are timed from then.
  return { startedMs, runningMs, removedMs, phases: removalPhases(events.seen, removing + VANISHED_FILE_GRACE_MS) };
}

const medianRatio = (ratios: number[]) => Math.round(median(ratios) * 100) / 100;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

it(`measures ${PODS}-pod convergence and the agent's idle footprint`, async () => {
  const machine = await describeMachine(docker);
  // BENCH_AGENT_ARGS: more of the agent's flags, for experiments (`--max-docker-calls 64`).
  const more = (process.env.BENCH_AGENT_ARGS ?? '').split(' ').filter(Boolean);
  agent = await startAgent({ extraArgs: ['--log-level', 'warn', '--max-pods', String(Math.max(110, PODS)), ...more] });
  const pid = agent.process.pid!;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idleEmpty = await measureIdle(pid, IDLE_MS);

  const events = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${agent.nodeName}`);
  const floorEvents = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${floorNode}`);
  try {
    // Agent and floor alternate, round after round, so both meet the engine in the same state; the
    // ratios are the medians of the rounds' (one run's spread is as large as the differences).
    const rounds = [];
    let idleFull: Awaited<ReturnType<typeof measureIdle>> | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      const names = Array.from({ length: PODS }, (_, i) => `r${round}-pod-${String(i).padStart(3, '0')}`);
      const a = await agentRound(agent, events, names, async () => {
        if (round > 1) return;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        idleFull = await measureIdle(pid, IDLE_MS);
      });
      const floorStartedMs = await floorStart(floorEvents, names);
      const floorRemoved = await floorRemove('kubelet');
      await untilDestroyed(floorEvents, names);
      rounds.push({ ...a, floorStartedMs, floorRemovedMs: floorRemoved.ms, floorPhases: removalPhases(floorEvents.seen, floorRemoved.fromMs) });
    }
    await floorStart(floorEvents, Array.from({ length: PODS }, (_, i) => `k-pod-${String(i).padStart(3, '0')}`));
    const floorKilledMs = (await floorRemove('sigkill')).ms;
    const first = rounds[0]!;

    const results = {
      machine,
      pods: PODS,
      rounds: rounds.map((r) => ({
        'all containers started (engine events)': seconds(r.startedMs),
        'all pods Running (get pods)': seconds(r.runningMs),
        'all removed after the manifests went': seconds(r.removedMs),
        'floor: all started by a plain script': seconds(r.floorStartedMs),
        'floor: all removed by a plain script (2 s minimum grace, as the kubelet)': seconds(r.floorRemovedMs),
        'start / floor': ratio(r.startedMs, r.floorStartedMs),
        'removal / floor': ratio(r.removedMs, r.floorRemovedMs),
        'removal after the vanished-file grace / floor': ratio(r.removedMs - VANISHED_FILE_GRACE_MS, r.floorRemovedMs),
      })),
      [`start / floor (median of ${ROUNDS} rounds)`]: medianRatio(rounds.map((r) => ratio(r.startedMs, r.floorStartedMs))),
      [`removal / floor (median of ${ROUNDS} rounds)`]: medianRatio(rounds.map((r) => ratio(r.removedMs, r.floorRemovedMs))),
      // A removed file keeps its pods for the vanished-file grace (an editor saving by delete-then-create):
      // the agent starts killing only then, on purpose.
      [`removal after the vanished-file grace / floor (median of ${ROUNDS} rounds)`]: medianRatio(rounds.map((r) => ratio(r.removedMs - VANISHED_FILE_GRACE_MS, r.floorRemovedMs))),
      'floor: all force-removed at once (SIGKILL, no grace)': seconds(floorKilledMs),
      'removal / force-removal (round 1)': ratio(first.removedMs, floorKilledMs),
      // The profile of round 1's removals: the agent's timed from the end of the vanished-file grace.
      'removal phases, agent (after the grace)': first.phases,
      'removal phases, floor': first.floorPhases,
      'agent idle, no pods': idleEmpty,
      [`agent idle, ${PODS} pods`]: idleFull,
    };
    console.log(`convergence bench result:\n${JSON.stringify(results, null, 2)}`);
    expect(first.runningMs).toBeGreaterThan(0);
  } finally {
    events.close();
    floorEvents.close();
  }
});
