/**
 * kubectl's streams against the agent (issue 15): `kubectl exec -- true` latency against the floor
 * of `docker exec` on the same container; `kubectl cp` of a 64 MiB file in and out (time, and the
 * agent's peak RSS, which backpressure keeps flat); an HTTP GET of 64 MiB through
 * `kubectl port-forward` (WebSocket tunnel and plain SPDY) against the same GET straight to the
 * pod IP. kubectl reaches the agent's socket through the test bridge (`test/helpers/kubectl-bridge.ts`).
 * Bounded: 20 execs each way, one file, three GETs; every container removed by node label.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient, listNodeContainers } from '../test/helpers/docker.js';
import { kubectlInstalled, spawnKubectl, startKubectlBridge, type KubectlBridge } from '../test/helpers/kubectl-bridge.js';
import { BUSYBOX, getPod, waitForRunning } from '../test/e2e/pod-helpers.js';
import { describeMachine } from './lib/machine.js';
import { summarize } from './lib/stats.js';

const EXECS = 20;
const FILE_BYTES = 64 * 1024 * 1024;
const docker = dockerClient();

const WEB = `
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www && exec httpd -f -p 8080 -h /www"]
`;

let agent: AgentHarness | undefined;
let bridge: KubectlBridge | undefined;
let scratch: string | undefined;
afterAll(async () => {
  await bridge?.close();
  await agent?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it.skipIf(!kubectlInstalled)('kubectl exec, cp and port-forward through the agent', async () => {
  agent = await startAgent();
  bridge = await startKubectlBridge(join(agent.rootDir, 'minikubelet.sock'));
  scratch = await mkdtemp(join(tmpdir(), 'minikubelet-bench-streams-'));
  await agent.writeManifest('web.yaml', WEB);
  await waitForRunning(agent, 'web');
  const podIP = (await getPod(agent, 'web'))?.status.podIP ?? '';
  const main = (await listNodeContainers(agent.nodeName, docker)).find((c) => c.Labels['io.kubernetes.container.name'] === 'main');
  if (main === undefined) throw new Error('the container main of pod web is not in the engine');
  const mainId = main.Id;

  const kubectlExec = await timeEach(EXECS, () => bridge!.kubectl(['exec', 'web', '--', 'true']));
  const dockerExec = await timeEach(EXECS, () => run('docker', ['exec', mainId, 'true']));

  const file = join(scratch, 'payload.bin');
  await writeFile(file, randomBytes(FILE_BYTES));
  const pid = agent.process.pid!;
  const hwmBefore = await peakRssMiB(pid);
  const cpIn = await timed(() => bridge!.kubectl(['cp', file, 'web:/www/payload.bin']));
  const hwmAfterIn = await peakRssMiB(pid);
  const cpOut = await timed(() => bridge!.kubectl(['cp', 'web:/www/payload.bin', join(scratch!, 'back.bin')]));
  const hwmAfterOut = await peakRssMiB(pid);
  expect((await readFile(join(scratch, 'back.bin'))).length).toBe(FILE_BYTES);

  const direct = await timed(() => download(`${podIP}:8080`));
  const tunnel = await timed(() => throughPortForward(bridge!, {}));
  const spdy = await timed(() => throughPortForward(bridge!, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }));

  const mibPerS = (ms: number) => Math.round((FILE_BYTES / 1024 / 1024 / (ms / 1000)) * 10) / 10;
  const result = {
    machine: await describeMachine(docker),
    execLatencyMs: { kubectl: summarize(kubectlExec), dockerExecFloor: summarize(dockerExec) },
    cp64MiB: { inMs: cpIn, outMs: cpOut, agentPeakRssMiB: { before: hwmBefore, afterIn: hwmAfterIn, afterOut: hwmAfterOut } },
    get64MiBMiBPerS: { directToPodIP: mibPerS(direct), portForwardTunnel: mibPerS(tunnel), portForwardSpdy: mibPerS(spdy) },
  };
  console.log(`kubectl streams bench result:\n${JSON.stringify(result, null, 2)}`);
  expect(kubectlExec).toHaveLength(EXECS);
});

async function timeEach(n: number, fn: () => Promise<{ code: number | null }>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await timed(fn));
  return times;
}

async function timed(fn: () => Promise<{ code: number | null } | number>): Promise<number> {
  const start = performance.now();
  const outcome = await fn();
  if (typeof outcome === 'object' && outcome.code !== 0) throw new Error(`a timed command failed: ${JSON.stringify(outcome)}`);
  return Math.round(performance.now() - start);
}

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
}

function run(cmd: string, args: string[]): Promise<{ code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code }));
  });
}

/** GETs /payload.bin; resolves with the byte count. */
function download(hostPort: string): Promise<number> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve, reject) => {
    get({ host, port: Number(port), path: '/payload.bin' }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (bytes === FILE_BYTES ? resolve(bytes) : reject(new Error(`got ${bytes} bytes`))));
    }).on('error', reject);
  });
}

async function throughPortForward(b: KubectlBridge, env: Record<string, string>): Promise<number> {
  const child = spawnKubectl(b, ['port-forward', 'pod/web', ':8080'], env);
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /127\.0\.0\.1:(\d+) -> 8080/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.on('close', () => reject(new Error(`port-forward exited: ${out}`)));
    });
    return await download(`127.0.0.1:${port}`);
  } finally {
    child.kill();
  }
}
