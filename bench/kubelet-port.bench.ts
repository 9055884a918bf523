/**
 * The kubelet port (issue 21 §4): `kubectl exec -- true` through a stand-in for the API server's
 * proxying (kubectl's SPDY reaching the kubelet port unchanged, as a 1.20 API server passes it)
 * against the same through the agent's own socket (WebSocket); 64 MiB of exec output over SPDY
 * (backpressure: the agent's peak RSS); `/stats/summary` latency with 10 running pods (the
 * containers' cgroups read through their processes). Bounded: 20 execs each way, one transfer,
 * 20 summaries; every container removed by node label.
 */
import { join } from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { startApiServerStandIn, type ApiServerStandIn } from '../test/helpers/apiserver-stand-in.js';
import { dockerClient } from '../test/helpers/docker.js';
import { identity, kubeletGet, makeKubeletClientPki, spdyExec } from '../test/helpers/kubelet-client.js';
import { kubectlInstalled, runKubectl, startKubectlBridge, type KubectlBridge } from '../test/helpers/kubectl-bridge.js';
import { freePort } from '../test/helpers/read-only-port.js';
import { runForeverPod, waitForRunning } from '../test/e2e/pod-helpers.js';
import { describeMachine } from './lib/machine.js';
import { summarize } from './lib/stats.js';

const EXECS = 20;
const PODS = 10;
const SUMMARIES = 20;
const OUTPUT_BYTES = 64 * 1024 * 1024;

let agent: AgentHarness | undefined;
let apiserver: ApiServerStandIn | undefined;
let bridge: KubectlBridge | undefined;
let pkiDir: string | undefined;
afterAll(async () => {
  await apiserver?.close();
  await bridge?.close();
  await agent?.cleanup();
  if (pkiDir) await rm(pkiDir, { recursive: true, force: true });
});

it.skipIf(!kubectlInstalled)('kubectl exec through the kubelet port, exec output over SPDY, /stats/summary', async () => {
  const pki = await makeKubeletClientPki();
  pkiDir = pki.dir;
  const port = await freePort();
  agent = await startAgent({ extraArgs: ['--port', String(port), '--address', '127.0.0.1', '--client-ca-file', pki.caFile] });
  for (let i = 0; i < PODS; i++) await agent.writeManifest(`p${i}.yaml`, runForeverPod(`p${i}`));
  for (let i = 0; i < PODS; i++) await waitForRunning(agent, `p${i}`, 120_000);
  const socket = join(agent.rootDir, 'minikubelet.sock');
  apiserver = await startApiServerStandIn(socket, { port, client: pki.apiserver });
  bridge = await startKubectlBridge(socket);
  const env = { HOME: pki.dir };
  const spdy = { ...env, KUBECONFIG: apiserver.kubeconfig, KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };

  const throughKubelet = await timeEach(EXECS, () => runKubectl(['exec', 'p0', '--', 'true'], spdy, {}));
  const throughSocket = await timeEach(EXECS, () => runKubectl(['exec', 'p0', '--', 'true'], { ...env, KUBECONFIG: bridge!.kubeconfig }, {}));

  const who = identity(pki.apiserver);
  const pid = agent.process.pid!;
  const rssBefore = await peakRssMiB(pid);
  const started = performance.now();
  const output = await spdyExec(port, `/exec/default/p0/main?command=head&command=-c&command=${OUTPUT_BYTES}&command=/dev/zero&output=1`, who);
  const outputMs = performance.now() - started;
  expect(output.stdout.length).toBe(OUTPUT_BYTES);
  const rssAfter = await peakRssMiB(pid);

  const summaries: number[] = [];
  for (let i = 0; i < SUMMARIES; i++) {
    const t = performance.now();
    const answer = await kubeletGet(port, '/stats/summary', who);
    summaries.push(Math.round(performance.now() - t));
    expect((JSON.parse(answer.body) as { pods: unknown[] }).pods).toHaveLength(PODS);
  }

  const result = {
    machine: await describeMachine(dockerClient()),
    kubectlExecTrueMs: { spdyThroughKubeletPort: summarize(throughKubelet), webSocketThroughAgentSocket: summarize(throughSocket) },
    execOutput64MiB: { ms: Math.round(outputMs), mibPerS: Math.round((OUTPUT_BYTES / 2 ** 20 / (outputMs / 1000)) * 10) / 10, agentPeakRssMiB: { before: rssBefore, after: rssAfter } },
    statsSummaryMs: { pods: PODS, ...summarize(summaries) },
  };
  console.log(`kubelet port bench result:\n${JSON.stringify(result, null, 2)}`);
});

async function timeEach(n: number, fn: () => Promise<{ code: number | null; stderr: string }>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const outcome = await fn();
    if (outcome.code !== 0) throw new Error(`a timed command failed: ${outcome.stderr}`);
    times.push(Math.round(performance.now() - t));
  }
  return times;
}

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
}
