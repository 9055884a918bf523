import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { identity, kubeletFollow, kubeletGet, makeKubeletClientPki, spdyExec, spdyPortForward, webSocketExec, type ClientIdentity } from '../helpers/kubelet-client.js';
import { startApiServerStandIn, type ApiServerStandIn } from '../helpers/apiserver-stand-in.js';
import { KUBECTL, kubectlInstalled, runKubectl } from '../helpers/kubectl-bridge.js';
import { freePort } from '../helpers/read-only-port.js';
import { spdyUpgrade } from '../helpers/spdy-client.js';
import { BUSYBOX, waitForRunning } from './pod-helpers.js';

/** Writes a line every 0.2 s, and serves one HTTP-like answer per connection on 8080 (busybox nc). */
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
    command: ["sh", "-c", "trap 'exit 0' TERM; echo started; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]
  - name: server
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do printf 'HTTP/1.0 200 OK\\r\\n\\r\\nhello from nc\\n' | nc -l -p 8080; done"]
`;

describe('the kubelet port', () => {
  let agent: AgentHarness;
  let port: number;
  let pki: Awaited<ReturnType<typeof makeKubeletClientPki>>;
  let apiserver: ClientIdentity;

  beforeAll(async () => {
    pki = await makeKubeletClientPki();
    apiserver = identity(pki.apiserver);
    port = await freePort();
    agent = await startAgent({ extraArgs: ['--port', String(port), '--address', '127.0.0.1', '--client-ca-file', pki.caFile] });
    await agent.writeManifest('web.yaml', WEB);
    await waitForRunning(agent, 'web');
  }, 120_000);

  afterAll(async () => {
    await agent?.cleanup();
    if (pki) await rm(pki.dir, { recursive: true, force: true });
  });

  it('answers 401 to a client without a certificate, or with one from another CA, on requests and upgrades', async () => {
    for (const who of [{}, identity(pki.stranger)]) {
      const answer = await kubeletGet(port, '/pods', who);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatch(/^Unauthorized: present a client certificate signed by the agent's --client-ca-file/);
      const upgrade = await spdyUpgrade({ host: '127.0.0.1', port, ...who }, '/exec/default/web/main?command=ls&output=1', { 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
      expect(upgrade.status).toBe(401);
    }
  });

  it('serves /healthz and /pods to the API server\'s certificate', async () => {
    expect(await kubeletGet(port, '/healthz', apiserver)).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await kubeletGet(port, '/healthz/ping', apiserver)).toMatchObject({ status: 200, body: 'ok\n' });
    const pods = await kubeletGet(port, '/pods', apiserver);
    expect(pods.status).toBe(200);
    const list = JSON.parse(pods.body);
    expect(list.kind).toBe('PodList');
    // A manifest pod shows under its mirror pod's name, as the API server knows it.
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([`web-${agent.nodeName}`]);
    expect(list.items[0].status.phase).toBe('Running');
    expect((await kubeletGet(port, '/nothing', apiserver)).status).toBe(404);
  });

  it('serves container logs, with tailLines and by the mirror pod\'s name, and follows them', async () => {
    const all = await kubeletGet(port, '/containerLogs/default/web/main', apiserver);
    expect(all.status).toBe(200);
    expect(all.body).toMatch(/^started\ntick 0\n/);
    const tail = await kubeletGet(port, `/containerLogs/default/web-${agent.nodeName}/main?tailLines=1&timestamps=true`, apiserver);
    expect(tail.body).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z tick \d+\n$/);
    const last = Number(/tick (\d+)/.exec(tail.body)![1]);
    const followed = await kubeletFollow(port, '/containerLogs/default/web/main?follow=true&tailLines=1', apiserver, (text) => text.includes(`tick ${last + 3}\n`));
    expect(followed).toContain(`tick ${last + 3}\n`);
    const missing = await kubeletGet(port, '/containerLogs/default/nope/main', apiserver);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatch(/^pod "default\/nope" does not exist on node /);
  });

  it('runs exec over SPDY v4: stdout, stderr, and the exit code as a Status on the error stream', async () => {
    const command = ['sh', '-c', 'echo out; echo err >&2; exit 3'].map((a) => `command=${encodeURIComponent(a)}`).join('&');
    const result = await spdyExec(port, `/exec/default/web/main?${command}&output=1&error=1`, apiserver);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    const status = JSON.parse(result.error);
    expect(status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
  });

  it('passes stdin to exec over SPDY and ends with Success; v2 says nothing on success', async () => {
    const result = await spdyExec(port, `/exec/default/web-${agent.nodeName}/main?command=cat&input=1&output=1`, apiserver, { stdin: 'hello kubelet\n' });
    expect(result.stdout).toBe('hello kubelet\n');
    expect(JSON.parse(result.error)).toEqual({ metadata: {}, status: 'Success' });
    const v2 = await spdyExec(port, '/exec/default/web/main?command=echo&command=v2&output=1', apiserver, { protocol: 'v2.channel.k8s.io' });
    expect(v2).toEqual({ stdout: 'v2\n', stderr: '', error: '' });
  });

  it('runs an exec with a tty over SPDY: raw terminal output on stdout, a resize stream taken', async () => {
    // The size itself cannot be read back here: busybox's stty fails TIOCGWINSZ under this engine even for docker exec -it.
    const result = await spdyExec(port, '/exec/default/web/main?command=echo&command=hi&output=1&tty=1', apiserver, { terminal: { Width: 100, Height: 40 } });
    expect(result.stdout).toBe('hi\r\n');
    expect(JSON.parse(result.error).status).toBe('Success');
  });

  it('attaches to a container\'s output over SPDY', async () => {
    const answer = await spdyUpgrade({ host: '127.0.0.1', port, ...apiserver }, '/attach/default/web/main?output=1&error=1', { 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
    const client = answer.client!;
    try {
      await client.open({ streamType: 'error' }, true);
      const stdout = await client.open({ streamType: 'stdout' }, true);
      await client.open({ streamType: 'stderr' }, true);
      await agent.waitFor(() => /tick \d+\n/.test(stdout.text()), { what: 'a tick through attach', timeoutMs: 10_000 });
    } finally {
      client.close();
    }
  });

  it('refuses exec it cannot serve, in the kubelet\'s words', async () => {
    const unknownPod = await spdyUpgrade({ host: '127.0.0.1', port, ...apiserver }, '/exec/default/nope/main?command=ls&output=1', { 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
    expect(unknownPod.status).toBe(404);
    const noProtocol = await spdyUpgrade({ host: '127.0.0.1', port, ...apiserver }, '/exec/default/web/main?command=ls&output=1', { 'X-Stream-Protocol-Version': 'channel.k8s.io' });
    expect(noProtocol.status).toBe(403);
    expect(noProtocol.headers['x-accepted-stream-protocol-versions']).toBe('v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io');
    const noStreams = await spdyUpgrade({ host: '127.0.0.1', port, ...apiserver }, '/exec/default/web/main?command=ls&stdout=1', { 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
    expect(noStreams).toMatchObject({ status: 400, body: 'you must specify at least 1 of stdin, stdout, stderr\n' });
  });

  it.each(['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v4.base64.channel.k8s.io'])('runs exec over a WebSocket with %s', async (protocol) => {
    const command = ['sh', '-c', 'head -c 6; echo; echo err >&2; exit 2'].map((a) => `command=${encodeURIComponent(a)}`).join('&');
    const result = await webSocketExec(port, `/exec/default/web/main?${command}&input=1&output=1&error=1`, apiserver, protocol, 'abcdef');
    expect(result.protocol).toBe(protocol);
    expect(result.channels[1]).toBe('abcdef\n');
    expect(result.channels[2]).toBe('err\n');
    expect(JSON.parse(result.channels[3]!)).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } });
  });

  it.each(['channel.k8s.io', 'base64.channel.k8s.io'])('runs exec over a WebSocket with %s, the failure as text on the error channel', async (protocol) => {
    const command = ['sh', '-c', 'head -c 3; exit 2'].map((a) => `command=${encodeURIComponent(a)}`).join('&');
    const result = await webSocketExec(port, `/exec/default/web/main?${command}&input=1&output=1`, apiserver, protocol, 'xyz');
    expect(result.protocol).toBe(protocol);
    expect(result.channels[1]).toBe('xyz');
    expect(result.channels[3]).toBe('command terminated with non-zero exit code: error executing command [sh -c head -c 3; exit 2], exit code 2');
  });

  it('forwards a port over SPDY: an HTTP-like round trip to nc in the pod', async () => {
    const result = await agent.waitFor(
      () => spdyPortForward(port, `/portForward/default/web-${agent.nodeName}`, apiserver, 8080, 'GET / HTTP/1.0\r\n\r\n'),
      { until: (r) => r.data.includes('hello from nc'), what: 'an answer from nc through port-forward', timeoutMs: 30_000 },
    );
    expect(result.data).toBe('HTTP/1.0 200 OK\r\n\r\nhello from nc\n');
    expect(result.error).toBe('');
    const refused = await spdyPortForward(port, '/portForward/default/web', apiserver, 8081, 'x');
    expect(refused.error).toMatch(/^error forwarding port 8081 to pod web_default, uid .*: failed to connect to [\d.]+:8081: connection refused/);
  });

  it('serves /stats/summary with the node\'s and the containers\' real usage, rates from the second reading on', async () => {
    const read = async () => {
      const answer = await kubeletGet(port, '/stats/summary', apiserver);
      expect(answer.status).toBe(200);
      return JSON.parse(answer.body);
    };
    await read();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const summary = await read();
    expect(summary.node.nodeName).toBe(agent.nodeName);
    expect(summary.node.cpu.usageCoreNanoSeconds).toBeGreaterThan(0);
    expect(summary.node.cpu.usageNanoCores).toBeGreaterThan(0);
    expect(summary.node.memory.workingSetBytes).toBeGreaterThan(0);
    expect(summary.node.memory.availableBytes).toBeGreaterThan(0);
    expect(summary.node.fs.capacityBytes).toBeGreaterThan(summary.node.fs.usedBytes);
    const web = summary.pods.find((p: { podRef: { name: string } }) => p.podRef.name === `web-${agent.nodeName}`);
    expect(web.podRef.namespace).toBe('default');
    expect(web.containers.map((c: { name: string }) => c.name).sort()).toEqual(['main', 'server']);
    const main = web.containers.find((c: { name: string }) => c.name === 'main');
    expect(main.cpu.usageCoreNanoSeconds).toBeGreaterThan(0);
    expect(main.cpu.usageNanoCores).toBeGreaterThan(0);
    expect(main.memory.workingSetBytes).toBeGreaterThan(0);
    expect(main.memory.usageBytes).toBeGreaterThanOrEqual(main.memory.workingSetBytes);
    expect(web.cpu.usageCoreNanoSeconds).toBeGreaterThanOrEqual(main.cpu.usageCoreNanoSeconds);
    const cpuOnly = JSON.parse((await kubeletGet(port, '/stats/summary?only_cpu_and_memory=true', apiserver)).body);
    expect(cpuOnly.node.fs).toBeUndefined();
  });

  it('serves /metrics/resource as metrics-server reads it', async () => {
    const answer = await kubeletGet(port, '/metrics/resource', apiserver);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const line = (series: string) => answer.body.split('\n').find((l) => l.startsWith(`${series} `));
    const pod = `web-${agent.nodeName}`;
    const cpu = line(`container_cpu_usage_seconds_total{container="main",namespace="default",pod="${pod}"}`);
    expect(Number(cpu!.split(' ')[1])).toBeGreaterThan(0);
    expect(Number(line(`container_memory_working_set_bytes{container="server",namespace="default",pod="${pod}"}`)!.split(' ')[1])).toBeGreaterThan(0);
    expect(Number(line('node_cpu_usage_seconds_total')!.split(' ')[1])).toBeGreaterThan(0);
    expect(Number(line('node_memory_working_set_bytes')!.split(' ')[1])).toBeGreaterThan(0);
    expect(line('resource_scrape_error')).toBe('resource_scrape_error 0');
  });
});

/** kubectl 1.32 through a stand-in for the API server's proxying: its own SPDY (or WebSocket) reaches the kubelet port unchanged. */
describe.skipIf(!kubectlInstalled)('kubectl through the kubelet port', () => {
  let agent: AgentHarness;
  let pki: Awaited<ReturnType<typeof makeKubeletClientPki>>;
  let apiserver: ApiServerStandIn;
  const kubectl = (args: string[], env: Record<string, string> = {}, input?: string) =>
    runKubectl(args, { KUBECONFIG: apiserver.kubeconfig, HOME: pki.dir, ...env }, input === undefined ? {} : { input });
  const SPDY = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };

  beforeAll(async () => {
    pki = await makeKubeletClientPki();
    const port = await freePort();
    agent = await startAgent({ extraArgs: ['--port', String(port), '--address', '127.0.0.1', '--client-ca-file', pki.caFile] });
    await agent.writeManifest('web.yaml', WEB);
    await waitForRunning(agent, 'web');
    apiserver = await startApiServerStandIn(`${agent.rootDir}/minikubelet.sock`, { port, client: pki.apiserver });
  }, 120_000);

  afterAll(async () => {
    await apiserver?.close();
    await agent?.cleanup();
    if (pki) await rm(pki.dir, { recursive: true, force: true });
  });

  it('kubectl logs reads /containerLogs', async () => {
    // The container prints `started`, then a tick a second: under load the second tick may not be out yet.
    const result = await agent.waitFor(() => kubectl(['logs', 'web', '-c', 'main', '--tail', '2']), {
      until: (r) => /^tick \d+\ntick \d+\n$/.test(r.stdout), timeoutMs: 30_000, what: 'two ticks in the last two lines',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^tick \d+\ntick \d+\n$/);
    expect(apiserver.kubeletPaths.at(-1)).toMatch(/^\/containerLogs\/default\/web\/main\?.*tailLines=2/);
  });

  it('kubectl exec over SPDY: output, stdin and the exit code', async () => {
    const failed = await kubectl(['exec', 'web', '-c', 'main', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], SPDY);
    expect(failed).toMatchObject({ code: 3, stdout: 'out\n' });
    expect(failed.stderr).toContain('err\n');
    expect(failed.stderr).toContain('command terminated with exit code 3');
    const cat = await kubectl(['exec', '-i', 'web', '-c', 'main', '--', 'cat'], SPDY, 'through kubectl\n');
    expect(cat).toMatchObject({ code: 0, stdout: 'through kubectl\n' });
    expect(apiserver.kubeletPaths.at(-1)).toBe('/exec/default/web/main?command=cat&input=1&output=1&error=1');
    expect(apiserver.upgrades.at(-1)).toBe('SPDY/3.1');
  });

  it('kubectl exec over WebSocket (its default): the same', async () => {
    const result = await kubectl(['exec', 'web', '-c', 'main', '--', 'sh', '-c', 'echo ws; exit 4']);
    expect(result).toMatchObject({ code: 4, stdout: 'ws\n' });
    expect(apiserver.upgrades.at(-1)).toBe('websocket');
  });

  it('kubectl port-forward over SPDY: an HTTP-like round trip to nc', async () => {
    const local = await freePort();
    const child = spawnForward(apiserver.kubeconfig, pki.dir, local, SPDY);
    try {
      const answer = await agent.waitFor(() => tcpRoundTrip(local, 'GET / HTTP/1.0\r\n\r\n'), { until: (a) => a.includes('hello from nc'), what: 'nc answering through kubectl port-forward', timeoutMs: 30_000 });
      expect(answer).toBe('HTTP/1.0 200 OK\r\n\r\nhello from nc\n');
      expect(apiserver.kubeletPaths).toContain('/portForward/default/web');
      expect(apiserver.upgrades.at(-1)).toBe('SPDY/3.1');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

function spawnForward(kubeconfig: string, home: string, local: number, env: Record<string, string>) {
  return spawn(KUBECTL, ['port-forward', 'pod/web', `${local}:8080`], { env: { ...process.env, ...env, KUBECONFIG: kubeconfig, HOME: home }, stdio: 'ignore' });
}

function tcpRoundTrip(port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('connect', () => socket.end(send));
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the kubelet port refused at start', () => {
  it('stops the agent with the reason when the port is taken', async () => {
    const pki = await makeKubeletClientPki();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as AddressInfo).port;
    const agent = await startAgent({ waitReady: false, extraArgs: ['--port', String(taken), '--address', '127.0.0.1', '--client-ca-file', pki.caFile] });
    try {
      const exit = await agent.waitFor(() => agent.exitStatus, { what: 'the agent to exit', timeoutMs: 60_000 });
      expect(exit.code).toBe(1);
      expect(agent.logs()).toContain(`error: cannot serve the kubelet port on 127.0.0.1:${taken}: listen EADDRINUSE`);
      expect(agent.logs()).toContain('pass another --port');
    } finally {
      holder.close();
      await agent.cleanup();
      await rm(pki.dir, { recursive: true, force: true });
    }
  });
});
