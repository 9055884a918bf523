/**
 * What probes cost (issue 4): 100 pods, each with an HTTP readiness probe and an exec liveness
 * probe at the default period (10 s), so 20 probes a second. Pods are added 20 at a time, each
 * batch running before the next. Then the agent's CPU time and RSS are sampled from /proc every
 * 10 s for two minutes, with dockerd's and containerd's CPU and the whole machine's busy time
 * beside them (an exec probe costs the engine, runc and the shims far more than the agent).
 * Bounded: 100 pods, one window, every container removed by node label at the end.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { DockerRuntime } from '../src/runtime/docker/docker-runtime.js';
import { LABEL_NODE_NAME } from '../src/runtime/labels.js';
import { runExec } from '../src/probes/run-exec.js';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient, listNodeContainers, removeNodeContainers } from '../test/helpers/docker.js';
import { BUSYBOX, getPods } from '../test/e2e/pod-helpers.js';
import { describeMachine } from './lib/machine.js';
import { type ProcSample, sampleProcess } from './lib/proc-usage.js';

const PODS = Number(process.env.BENCH_PODS ?? 100);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_SECONDS ?? 120) * 1000;
const SAMPLE_MS = 10_000;
/**
 * A burst of 100 creations on a small machine makes exec probes time out (under the kubelet too),
 * and so do other jobs on a shared engine: the probes get 5 s, not the default 1 s, so a slow
 * `docker exec` is not turned into restarts. The period (what drives the cost) is the default.
 */
const BATCH = 20;
const PERIOD_S = 10;
const docker = dockerClient();

const manifest = (i: number) => `
apiVersion: v1
kind: Pod
metadata:
  name: probed-${String(i).padStart(3, '0')}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 8080 -h /www"]
    ports: [{ name: http, containerPort: 8080 }]
    readinessProbe:
      httpGet: { path: /index.html, port: http }
      timeoutSeconds: 5
    livenessProbe:
      exec: { command: ["cat", "/www/index.html"] }
      timeoutSeconds: 5
`;

/** The first process whose comm is `name` (dockerd, containerd), if any. */
async function pidOf(name: string): Promise<number | undefined> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if ((await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')).trim() === name) return Number(entry);
  }
  return undefined;
}

/** CPU use between two samples, in % of one core. */
function cpuPercent(a: ProcSample, b: ProcSample): number {
  return Math.round(((b.cpuMs - a.cpuMs) / (b.atMs - a.atMs)) * 1000) / 10;
}

let agent: AgentHarness | undefined;
afterAll(async () => {
  if (!agent) return;
  await agent.kill();
  // Ten at a time: removing 200 containers at once makes the engine fail some removals.
  for (let round = 0; round < 5; round++) {
    const left = await listNodeContainers(agent.nodeName, docker);
    if (left.length === 0) break;
    for (let i = 0; i < left.length; i += 10) {
      await Promise.allSettled(left.slice(i, i + 10).map((c) => docker.getContainer(c.Id).remove({ force: true })));
    }
  }
  await agent.cleanup();
});

async function podStats(): Promise<{ running: number; ready: number; restarts: number }> {
  const pods = await getPods(agent!);
  return {
    running: pods.filter((p) => p.status.containerStatuses[0]?.state.running !== undefined).length,
    ready: pods.filter((p) => p.status.conditions.find((c) => c.type === 'Ready')?.status === 'True').length,
    restarts: pods.reduce((n, p) => n + (p.status.containerStatuses[0]?.restartCount ?? 0), 0),
  };
}

/** Busy and total CPU time of the whole machine (/proc/stat), in ticks: everything, other jobs included. */
async function machineTicks(): Promise<{ busy: number; total: number }> {
  const cpu = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + cpu[4]!;
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

it(`measures the agent with ${PODS} pods, each with an http readiness and an exec liveness probe`, async () => {
  const machine = await describeMachine(docker);
  agent = await startAgent({ extraArgs: ['--log-level', 'warn', '--max-pods', String(Math.max(110, PODS))] });
  const startedAt = Date.now();
  for (let first = 0; first < PODS; first += BATCH) {
    const upTo = Math.min(PODS, first + BATCH);
    for (let i = first; i < upTo; i++) await agent.writeManifest(`probed-${i}.yaml`, manifest(i));
    await agent.waitFor(podStats, { until: (s) => s.running === upTo, timeoutMs: 5 * 60_000, intervalMs: 2_000, what: `${upTo} pods running` });
  }
  const runningAfterS = Math.round((Date.now() - startedAt) / 1000);
  // Let the start-up work settle (first syncs, jittered first probes) before measuring.
  await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
  const before = await podStats();

  const pids = { agent: agent.process.pid!, dockerd: await pidOf('dockerd'), containerd: await pidOf('containerd') };
  const samples: Record<string, ProcSample>[] = [];
  const sampleAll = async () => {
    const s: Record<string, ProcSample> = {};
    for (const [name, pid] of Object.entries(pids)) if (pid !== undefined) s[name] = await sampleProcess(pid);
    samples.push(s);
  };
  const machineBefore = await machineTicks();
  await sampleAll();
  while (samples.at(-1)!.agent!.atMs - samples[0]!.agent!.atMs < WINDOW_MS) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    await sampleAll();
  }
  const machineAfter = await machineTicks();
  const after = await podStats();
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const windowMs = last.agent!.atMs - first.agent!.atMs;
  const probes = ((PODS * 2) / PERIOD_S) * (windowMs / 1000);
  const result = {
    machine,
    pods: PODS,
    probesPerSecond: (PODS * 2) / PERIOD_S,
    allRunningAfterS: runningAfterS,
    windowS: Math.round(windowMs / 1000),
    agentCpuPercent: cpuPercent(first.agent!, last.agent!),
    agentCpuPercentPer10s: samples.slice(1).map((s, i) => cpuPercent(samples[i]!.agent!, s.agent!)),
    agentCpuMsPerProbe: Math.round(((last.agent!.cpuMs - first.agent!.cpuMs) / probes) * 100) / 100,
    agentRssMiB: samples.map((s) => s.agent!.rssMiB),
    engineCpuPercent: Object.fromEntries(Object.keys(first).filter((n) => n !== 'agent').map((n) => [n, cpuPercent(first[n]!, last[n]!)])),
    // runc and the shims run each exec; they show here only, mixed with whatever else the machine ran.
    machineBusyPercent: Math.round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 1000) / 10,
    readyAtStart: before.ready,
    restartsWhileStarting: before.restarts,
    restartsDuringWindow: after.restarts - before.restarts,
    readyAtEnd: after.ready,
  };
  console.log(`probes bench result:\n${JSON.stringify(result, null, 2)}`);
  expect(after.running).toBe(PODS);
});

/**
 * The floor under an exec probe: what one `docker exec` costs the whole machine (dockerd,
 * containerd, the shim, runc, the kernel), run by the prober's own exec code at 2 a second for
 * 20 s against 10 idle containers. Bounded: 40 execs, 10 containers removed by label.
 */
it('measures what one exec probe costs the machine', async () => {
  const nodeName = `bench-exec-${randomBytes(4).toString('hex')}`;
  const runtime = new DockerRuntime({ docker, nodeName, maxConcurrentCalls: 16 });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['sleep', '600'], Labels: { [LABEL_NODE_NAME]: nodeName } });
      await c.start();
      ids.push(c.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idle0 = await machineTicks();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idle1 = await machineTicks();
    const rate = 2;
    const latencies: number[] = [];
    const runs: Promise<unknown>[] = [];
    const t0 = await machineTicks();
    const start = Date.now();
    for (let i = 0; i < rate * 20; i++) {
      const wait = start + (i * 1000) / rate - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sentAt = Date.now();
      runs.push(runExec(runtime, ids[i % ids.length]!, ['cat', '/etc/hostname'], { timeoutMs: 30_000 }).result.then(() => latencies.push(Date.now() - sentAt)));
    }
    await Promise.all(runs);
    const t1 = await machineTicks();
    const busy = (a: { busy: number; total: number }, b: { busy: number; total: number }) => (b.busy - a.busy) / (b.total - a.total);
    // /proc/stat counts all cores: busy share × cores = cores in use.
    const cores = (await readFile('/proc/cpuinfo', 'utf8')).split('\n').filter((l) => l.startsWith('processor')).length;
    const extraCores = (busy(t0, t1) - busy(idle0, idle1)) * cores;
    latencies.sort((a, b) => a - b);
    const result = {
      machine: await describeMachine(docker),
      execsPerSecond: rate,
      machineCpuMsPerExec: Math.round((extraCores * 1000) / rate),
      latencyMs: { p50: latencies[latencies.length >> 1], p90: latencies[Math.floor(latencies.length * 0.9)], max: latencies.at(-1) },
    };
    console.log(`exec probe floor:\n${JSON.stringify(result, null, 2)}`);
    expect(latencies).toHaveLength(rate * 20);
  } finally {
    await removeNodeContainers(nodeName, docker);
  }
});
