/**
 * The agent's footprint (issue 18 §4: RSS ≤ 60 MiB and idle CPU ≤ 0.5 % of a core with 100 pods):
 * one agent, with 0 pods, then 10, then 100 (each step waited until every pod is Running, then
 * 10 s to settle), and once more after an agent restart with the 100 pods running (adopted, not
 * started: the steady state of a node that has been up a while). In each window of
 * BENCH_IDLE_SECONDS (30 s) nothing asks the agent anything; RSS (VmRSS, and VmHWM, the peak) from
 * /proc/<pid>/status, CPU from /proc/<pid>/stat; the V8 heap from the agent's own /metrics,
 * scraped after the window. Bounded: at most BENCH_PODS (100) pods, every container removed by
 * node label at the end.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_EVICTION_HARD } from '../src/node/eviction-thresholds.js';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient } from '../test/helpers/docker.js';
import { freePort, sample } from '../test/helpers/read-only-port.js';
import { getPods } from '../test/e2e/pod-helpers.js';
import { oneContainerPod } from './lib/one-container-pod.js';
import { describeMachine } from './lib/machine.js';
import { measureIdle } from './lib/proc-usage.js';

const PODS = Number(process.env.BENCH_PODS ?? 100);
const IDLE_MS = Number(process.env.BENCH_IDLE_SECONDS ?? 30) * 1000;
const SETTLE_MS = 10_000;
const MiB = 1024 * 1024;
const docker = dockerClient();

const manifest = (name: string) => oneContainerPod(name);

const agents: AgentHarness[] = [];
afterAll(async () => {
  for (const agent of agents.reverse()) await agent.cleanup();
});

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round((Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024) * 10) / 10;
}

/** The agent's own view of its memory, from /metrics on the read-only port. */
async function selfReported(port: number): Promise<Record<string, number | undefined>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const mib = (series: string) => {
    const v = sample(text, series);
    return v === undefined ? undefined : Math.round((v / MiB) * 10) / 10;
  };
  return { heapUsedMiB: mib('nodejs_heap_size_used_bytes'), heapTotalMiB: mib('nodejs_heap_size_total_bytes'), externalMiB: mib('nodejs_external_memory_bytes') };
}

async function window(agent: AgentHarness, port: number, pods: number): Promise<Record<string, unknown>> {
  const pid = agent.process.pid!;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const idle = await measureIdle(pid, IDLE_MS);
  return { pods, cpuPercentOfOneCore: idle.cpuPercent, rssMiB: idle.rssMiB, peakRssMiB: await peakRssMiB(pid), ...(await selfReported(port)), windowS: idle.windowS };
}

async function waitAllRunning(agent: AgentHarness, n: number): Promise<void> {
  await agent.waitFor(async () => (await getPods(agent)).filter((p) => p.status.phase === 'Running').length, {
    until: (running) => running === n, timeoutMs: 600_000, intervalMs: 1_000, what: `${n} pods Running`,
  });
}

it(`measures the agent's RSS, heap and idle CPU with 0, 10 and ${PODS} pods`, async () => {
  const machine = await describeMachine(docker);
  const port = await freePort();
  // The agent as deployed: the harness turns disk-pressure eviction off, its default comes back
  // (image GC stays off: it would act on the engine other tests share).
  const args = ['--log-level', 'warn', '--max-pods', String(Math.max(110, PODS)), '--read-only-port', String(port), '--eviction-hard', DEFAULT_EVICTION_HARD];
  const first = await startAgent({ extraArgs: args });
  agents.push(first);
  const results: Record<string, unknown>[] = [await window(first, port, 0)];
  const names = Array.from({ length: PODS }, (_, i) => `pod-${String(i).padStart(3, '0')}`);
  for (const step of [...new Set([Math.min(10, PODS), PODS])]) {
    await Promise.all(names.slice(0, step).map((name) => first.writeManifest(`${name}.yaml`, manifest(name))));
    await waitAllRunning(first, step);
    results.push(await window(first, port, step));
  }
  await first.stop();
  // The same node and directories: the pods run on and are adopted.
  const second = await startAgent({ extraArgs: args, manifestDir: first.manifestDir, rootDir: first.rootDir, nodeName: first.nodeName });
  agents.push(second);
  await waitAllRunning(second, PODS);
  results.push({ ...(await window(second, port, PODS)), after: 'agent restart' });
  console.log(`footprint bench result:\n${JSON.stringify({ machine, windows: results }, null, 2)}`);
  expect(results).toHaveLength(4);
});
