/**
 * What probes cost the agent (issue 4): 100 pods, each with an http readiness probe and an exec
 * liveness probe at the default period (10 s), on one agent. Once every pod is Ready, the agent's
 * CPU time and RSS are sampled from /proc for two minutes, and dockerd's and containerd's CPU
 * beside it (an exec probe costs the engine more than the agent). Bounded: 100 pods, one sampling
 * window, every container removed by node label at the end. Run by hand (see bench/README.md).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { BUSYBOX, getPods } from '../test/e2e/pod-helpers.js';

const PODS = Number(process.env.BENCH_PODS ?? 100);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_SECONDS ?? 120) * 1000;
const SAMPLE_MS = 10_000;
/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLK_TCK = 100;

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
    livenessProbe:
      exec: { command: ["cat", "/www/index.html"] }
`;

interface Sample {
  atMs: number;
  agentTicks: number;
  agentRssKiB: number;
  engineTicks: Record<string, number>;
}

async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces): utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function pidsByName(names: string[]): Promise<Record<string, number>> {
  const { readdir } = await import('node:fs/promises');
  const found: Record<string, number> = {};
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = (await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')).trim();
    if (names.includes(comm) && found[comm] === undefined) found[comm] = Number(entry);
  }
  return found;
}

async function sample(agentPid: number, engine: Record<string, number>): Promise<Sample> {
  const engineTicks: Record<string, number> = {};
  for (const [name, pid] of Object.entries(engine)) engineTicks[name] = await cpuTicks(pid).catch(() => NaN);
  return { atMs: Date.now(), agentTicks: await cpuTicks(agentPid), agentRssKiB: await rssKiB(agentPid), engineTicks };
}

/** CPU use between two samples, in % of one core. */
function cpuPercent(ticks: number, ms: number): number {
  return (ticks / CLK_TCK / (ms / 1000)) * 100;
}

let agent: AgentHarness | undefined;
afterAll(async () => {
  await agent?.cleanup();
});

it(`measures the agent with ${PODS} pods, each with an http readiness and an exec liveness probe`, async () => {
  agent = await startAgent({ extraArgs: ['--log-level', 'warn', '--max-pods', String(Math.max(110, PODS))] });
  const agentPid = agent.process.pid!;
  for (let i = 0; i < PODS; i++) await agent.writeManifest(`probed-${i}.yaml`, manifest(i));
  const startedAt = Date.now();
  await agent.waitFor(
    async () => {
      const pods = await getPods(agent!);
      return pods.filter((p) => p.status.conditions.find((c) => c.type === 'Ready')?.status === 'True').length;
    },
    { until: (ready) => ready === PODS, timeoutMs: 10 * 60_000, intervalMs: 5_000, what: `${PODS} pods Ready` },
  );
  const readyAfterS = Math.round((Date.now() - startedAt) / 1000);
  // Let the start-up work (pulls, creates, first syncs) settle before measuring.
  await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));

  const engine = await pidsByName(['dockerd', 'containerd']);
  const samples: Sample[] = [await sample(agentPid, engine)];
  while (samples.at(-1)!.atMs - samples[0]!.atMs < WINDOW_MS) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    samples.push(await sample(agentPid, engine));
  }
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const windowMs = last.atMs - first.atMs;
  const perSample = samples.slice(1).map((s, i) => cpuPercent(s.agentTicks - samples[i]!.agentTicks, s.atMs - samples[i]!.atMs));
  const pods = await getPods(agent);
  const restarts = pods.reduce((n, p) => n + (p.status.containerStatuses[0]?.restartCount ?? 0), 0);
  const result = {
    pods: PODS,
    probesPerSecond: (PODS * 2) / 10,
    readyAfterS,
    windowS: Math.round(windowMs / 1000),
    agentCpuPercent: +cpuPercent(last.agentTicks - first.agentTicks, windowMs).toFixed(2),
    agentCpuPercentPerSample: perSample.map((p) => +p.toFixed(1)),
    agentCpuMsPerProbe: +(((last.agentTicks - first.agentTicks) * (1000 / CLK_TCK)) / ((PODS * 2 * windowMs) / 10_000)).toFixed(3),
    agentRssMiB: samples.map((s) => +(s.agentRssKiB / 1024).toFixed(1)),
    engineCpuPercent: Object.fromEntries(Object.keys(engine).map((name) => [name, +cpuPercent(last.engineTicks[name]! - first.engineTicks[name]!, windowMs).toFixed(2)])),
    restarts,
  };
  console.log(`probe bench result:\n${JSON.stringify(result, null, 2)}`);
  expect(restarts).toBe(0);
});
