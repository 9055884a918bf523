/**
 * From a container's exit to its restart: the agent's reaction (Docker `die` event → the new
 * container's `start`), with the crash-loop back-off out of the way. The flags allow 1 s at the
 * least; a back-off entry expires when the container ran longer than twice the cap
 * (`crash-loop-backoff.ts`, as client-go's), so containers that run 3 s before failing are
 * restarted at once every time, as the kubelet restarts a first crash. Bounded: 5 pods started
 * 0.6 s apart (their crashes spread over the 3 s cycle), 4 restarts each, every container
 * removed by node label at the end.
 */
import { afterAll, expect, it } from 'vitest';
import { LABEL_NODE_NAME } from '../src/runtime/labels.js';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient } from '../test/helpers/docker.js';
import { EngineEvents, type EngineEvent } from './lib/engine-events.js';
import { oneContainerPod } from './lib/one-container-pod.js';
import { describeMachine } from './lib/machine.js';
import { formatSummary, summarize } from './lib/stats.js';

const PODS = Number(process.env.BENCH_PODS ?? 5);
const RESTARTS = 4;
const STAGGER_MS = 600;
const docker = dockerClient();

const manifest = (name: string) => oneContainerPod(name, '["sh", "-c", "sleep 3; exit 1"]');

/** die → next start, per restart, for one pod's app container. */
function restartGaps(events: EngineEvent[], pod: string): number[] {
  const mine = events.filter((e) => e.pod === pod && e.container === 'app').sort((a, b) => a.atMs - b.atMs);
  const gaps: number[] = [];
  for (let i = 0; i + 1 < mine.length; i++) {
    if (mine[i]!.action === 'die' && mine[i + 1]!.action === 'start') gaps.push(mine[i + 1]!.atMs - mine[i]!.atMs);
  }
  return gaps;
}

let agent: AgentHarness | undefined;
afterAll(async () => {
  await agent?.cleanup();
});

it(`measures exit → restart with the back-off out of the way (${PODS} pods, ${RESTARTS} restarts each)`, async () => {
  const machine = await describeMachine(docker);
  agent = await startAgent({ extraArgs: ['--log-level', 'warn', '--backoff-initial-seconds', '1', '--backoff-max-seconds', '1'] });
  const events = await EngineEvents.follow(docker, `${LABEL_NODE_NAME}=${agent.nodeName}`);
  const names = Array.from({ length: PODS }, (_, i) => `crash-${String(i).padStart(2, '0')}`);
  try {
    for (const name of names) {
      await agent.writeManifest(`${name}.yaml`, manifest(name));
      await new Promise((resolve) => setTimeout(resolve, STAGGER_MS));
    }
    await events.until((all) => names.every((n) => restartGaps(all, n).length >= RESTARTS), 180_000, `${RESTARTS} restarts of every pod`);
  } finally {
    events.close();
  }
  const gaps = names.map((n) => restartGaps(events.seen, n).slice(0, RESTARTS));
  const results = { machine, 'exit → restart': formatSummary(summarize(gaps.flat())) };
  console.log(`restart bench result:\n${JSON.stringify(results, null, 2)}`);
  expect(gaps.every((g) => g.length === RESTARTS)).toBe(true);
});
