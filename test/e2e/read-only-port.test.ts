import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, REPO_ROOT, startAgent } from '../helpers/agent-harness.js';
import { inspect } from '../helpers/docker.js';
import { freePort, sample } from '../helpers/read-only-port.js';
import { BUSYBOX, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

const SERVER = runForeverPod('server');

/** Waits for /tmp/go, then writes about 5 MB of numbered lines (several 1 MiB rotations) and `done`. */
const CHATTY = `
apiVersion: v1
kind: Pod
metadata:
  name: chatty
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command:
    - sh
    - -c
    - |
      echo waiting
      while [ ! -f /tmp/go ]; do sleep 0.2; done
      pad=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
      i=0
      while [ $i -lt 50000 ]; do echo "line $i $pad"; i=$((i+1)); done
      echo done
      trap 'exit 0' TERM
      while true; do sleep 1; done
`;

const CRASHER = `
apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "exit 3"]
`;

describe('the read-only port: health, pods and metrics', () => {
  let agent: AgentHarness;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    agent = await startAgent({
      extraArgs: ['--read-only-port', String(port), '--resync-seconds', '1', '--backoff-initial-seconds', '1', '--backoff-max-seconds', '2'],
    });
    await agent.writeManifest('server.yaml', SERVER);
    await waitForRunning(agent, 'server', 100_000);
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('listens on 127.0.0.1 only, by default', () => {
    expect(agent.logs()).toMatch(/"address":"127\.0\.0\.1".*"msg":"Listening on the read-only port"/);
  });

  it('answers /healthz with 200 while the engine answers and the directory is listed', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('[+]docker ok\n[+]manifest-source ok\nhealthz check passed\n');
  });

  it('serves /pods as a v1 PodList, and neither logs nor exec', async () => {
    const list = (await (await fetch(`${base}/pods`)).json()) as { kind: string; items: { metadata: { name: string } }[] };
    expect(list.kind).toBe('PodList');
    expect(list.items.map((p) => p.metadata.name)).toContain('server');
    for (const path of ['/api/v1/namespaces/default/pods/server/log', '/api/v1/namespaces/default/pods/server/exec?command=id']) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    }
  });

  it('serves Prometheus metrics: pod starts, pods and containers, Docker calls, restarts, manifest errors', async () => {
    await agent.writeManifest('crasher.yaml', CRASHER);
    await agent.writeManifest('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: broken}\nspec: {containers: [{name: x}]}\n');
    const text = await agent.waitFor(async () => (await fetch(`${base}/metrics`)).text(), {
      until: (t) => (sample(t, 'minikubelet_container_restarts_total{reason="Error"}') ?? 0) >= 1,
      what: 'a restart of the crashing container in /metrics',
      timeoutMs: 100_000,
    });
    expect(sample(text, 'minikubelet_pod_start_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'minikubelet_pods{phase="Running"}')).toBe(2);
    expect(sample(text, 'minikubelet_containers{state="running"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'minikubelet_docker_operations_duration_seconds_count{operation="create_container"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'minikubelet_manifest_problems{severity="error"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers /healthz with 503 and the reason when the manifest directory can no longer be listed', async () => {
    await rm(agent.manifestDir, { recursive: true, force: true });
    const res = await agent.waitFor(async () => fetch(`${base}/healthz`), { until: (r) => r.status === 503, what: '/healthz 503', timeoutMs: 15_000 });
    expect(await res.text()).toMatch(/\[-\]manifest-source failed: the manifest directory was last listed \d+s ago, expected every 1s \(cannot read the manifest directory: ENOENT\)/);
  });
});

describe('container logs rotated by the engine', { timeout: 180_000 }, () => {
  it('creates containers with json-file max-size and max-file from the flags (kubelet defaults 10Mi × 5)', async () => {
    await using agent = await startAgent({ extraArgs: ['--container-log-max-size', '1Mi', '--container-log-max-files', '2'] });
    await agent.writeManifest('server.yaml', SERVER);
    await waitForRunning(agent, 'server', 100_000);
    const main = (await podContainers(agent.nodeName, 'server')).find((c) => c.Labels['io.kubernetes.container.name'] === 'main')!;
    expect((await inspect(main.Id))?.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } });
  });

  it('keeps a chatty container within max-size × max-file on disk, and logs -f follows it across rotations without garbage', async () => {
    await using agent = await startAgent({ extraArgs: ['--container-log-max-size', '1Mi', '--container-log-max-files', '2'] });
    await agent.writeManifest('chatty.yaml', CHATTY);
    await waitForRunning(agent, 'chatty', 100_000);
    const follower = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'minikubelet'), 'logs', '-f', 'chatty', '--root-dir', agent.rootDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    follower.stdout.on('data', (chunk: Buffer) => (followed += chunk.toString('latin1')));
    try {
      await agent.waitFor(() => followed, { until: (text) => text.startsWith('waiting\n'), what: 'logs -f attached' });
      await agent.cli(['exec', 'chatty', '--', 'touch', '/tmp/go']);
      await agent.waitFor(() => followed, { until: (text) => text.endsWith('done\n'), timeoutMs: 120_000, what: 'logs -f reaching the last line' });
    } finally {
      follower.kill();
    }
    // ~5 MB written, several rotations: what was followed is whole lines, in order, no NUL bytes.
    expect(followed).not.toContain('\0');
    const lines = followed.trimEnd().split('\n');
    expect(lines.every((l) => /^(waiting|line \d+ x+|done)$/.test(l))).toBe(true);
    const numbers = lines.filter((l) => l.startsWith('line ')).map((l) => Number(l.split(' ')[1]));
    expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
    // On disk: the live file and one rotated file, each about max-size at most.
    const main = (await podContainers(agent.nodeName, 'chatty')).find((c) => c.Labels['io.kubernetes.container.name'] === 'main')!;
    const logPath = (await inspect(main.Id))!.LogPath;
    const sizes = await Promise.all([logPath, `${logPath}.1`].map(async (f) => (await stat(f)).size));
    expect(sizes[0]! + sizes[1]!).toBeLessThanOrEqual(2 * 1024 * 1024 + 4096);
    expect(existsSync(`${logPath}.2`)).toBe(false);
  });
});

describe('systemd readiness and watchdog', { timeout: 180_000 }, () => {
  let listener: ChildProcess | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    listener?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('tells $NOTIFY_SOCKET READY=1 once its pods are synced, and feeds the watchdog', async () => {
    dir = await mkdtemp(join(tmpdir(), 'minikubelet-notify-'));
    const socket = join(dir, 'notify.sock');
    const messages: string[] = [];
    listener = spawn('python3', ['-c', DATAGRAM_LISTENER, socket], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) =>
      listener!.stdout!.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          if (line === 'LISTENING') resolve();
          else messages.push(line);
        }
      }),
    );
    const manifests = await mkdtemp(join(dir, 'manifests-'));
    await writeFile(join(manifests, 'server.yaml'), SERVER);
    // WATCHDOG_PID is left out: the agent is not the process that reads it here.
    await using agent = await startAgent({ manifestDir: manifests, env: { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '1000000' } });
    const ready = await agent.waitFor(() => messages.find((m) => m.startsWith('READY=1')), { what: 'READY=1', timeoutMs: 100_000 });
    expect(ready).toMatch(/^READY=1\|STATUS=Synced 1 pods; API on /);
    // Ready means synced: the pod's containers were started before READY=1 was sent.
    expect((await podContainers(agent.nodeName, 'server')).filter((c) => c.State === 'running')).toHaveLength(2);
    await agent.waitFor(() => messages.filter((m) => m === 'WATCHDOG=1').length >= 2, { what: 'two WATCHDOG=1 pings' });
  });
});

/** systemd's end of the sd_notify protocol: a unix datagram socket printing each message. */
const DATAGRAM_LISTENER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    print(s.recv(65536).decode().replace("\\n", "|"), flush=True)
`;
