/**
 * /usr/bin/kubectl's streams against a real agent on the real engine: exec (exit codes, stdin,
 * -c, tty and resize), attach, port-forward (an HTTP GET through it, a closed port), cp both ways,
 * and our own CLI's exec on the same protocol. kubectl reaches the agent's unix socket through a
 * loopback bridge (`test/helpers/kubectl-bridge.ts`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentHarness } from '../helpers/agent-harness.js';
import { kubectlInstalled, spawnKubectl, startKubectlBridge, type KubectlBridge } from '../helpers/kubectl-bridge.js';
import { BUSYBOX, waitForRunning } from './pod-helpers.js';

const WEB = `
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    kubectl.kubernetes.io/default-container: main
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-pod > /www/index.html && exec httpd -f -p 8080 -h /www"]
  - name: echoer
    image: ${BUSYBOX}
    stdin: true
    command: ["sh", "-c", "while read line; do echo \\"got $line\\"; done"]
  - name: other
    image: ${BUSYBOX}
    workingDir: /tmp
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`;

if (!kubectlInstalled) console.warn('kubectl-streams: skipped, /usr/bin/kubectl is not installed');

describe.skipIf(!kubectlInstalled)('kubectl exec, attach, port-forward and cp against the agent', () => {
  let agent: AgentHarness;
  let bridge: KubectlBridge;
  let scratch: string;

  beforeAll(async () => {
    agent = await startAgent();
    bridge = await startKubectlBridge(join(agent.rootDir, 'minikubelet.sock'));
    scratch = await mkdtemp(join(tmpdir(), 'minikubelet-kubectl-cp-'));
    await agent.writeManifest('web.yaml', WEB);
    await waitForRunning(agent, 'web');
  });
  afterAll(async () => {
    await bridge?.close();
    await agent?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('exec -i round-trips stdin through cat, in the annotated default container', async () => {
    const r = await bridge.kubectl(['exec', '-i', 'web', '--', 'sh', '-c', 'cat; hostname >/dev/null; echo "in $(cat /www/index.html)"'], { input: 'piped-in\n' });
    expect(r).toMatchObject({ code: 0, stdout: 'piped-in\nin hello-from-pod\n' });
  });

  it('exec passes the exit code through: sh -c "exit 3" makes kubectl exit 3', async () => {
    const r = await bridge.kubectl(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toContain('err\n');
    expect(r.stderr).toContain('command terminated with exit code 3');
  });

  it('exec -c picks the container', async () => {
    const r = await bridge.kubectl(['exec', 'web', '-c', 'other', '--', 'pwd']);
    expect(r).toMatchObject({ code: 0, stdout: '/tmp\n' });
  });

  it('exec -it gets a terminal of the client terminal size (resize)', async () => {
    // `script` gives kubectl a pseudo-terminal of 91x27. An engine before API 1.42 cannot create an
    // exec with a size: it is set as the process starts, so the command may look again for a moment.
    const look = 'for i in 1 2 3 4 5 6 7 8 9 10; do s=$(stty size 2>/dev/null); case $s in [1-9]*) break;; esac; sleep 0.2; done; echo size=$s';
    const inner = `stty cols 91 rows 27; KUBECONFIG=${bridge.kubeconfig} kubectl exec -it web -- sh -c 'tty; ${look}'`;
    const r = await run('script', ['-qec', inner, '/dev/null']);
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.stdout).toMatch(/size=27 91/);
  });

  it('exec into a missing container says so', async () => {
    const r = await bridge.kubectl(['exec', 'web', '-c', 'nope', '--', 'true']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('container nope is not valid for pod web');
  });

  it('attach -i talks to the main process of a container that keeps stdin open', async () => {
    const child = spawnKubectl(bridge, ['attach', '-i', 'web', '-c', 'echoer']);
    try {
      const out = collect(child.stdout);
      child.stdin.write('hello\n');
      await agent.waitFor(() => out().includes('got hello'), { what: 'the echo through attach', timeoutMs: 20_000 });
    } finally {
      child.kill();
    }
  });

  it('attach -i to a container without stdin: true says what to set (also through kubectl\'s SPDY retry)', async () => {
    const r = await bridge.kubectl(['attach', '-i', 'web', '-c', 'other'], { input: '' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('container other in pod default/web does not keep stdin open: set stdin: true in its spec');
  });

  it('port-forward carries an HTTP GET to the pod and tells a closed port', async () => {
    const child = spawnKubectl(bridge, ['port-forward', 'pod/web', ':8080', ':9999']);
    try {
      const out = collect(child.stdout);
      const err = collect(child.stderr);
      const [open, closed] = await agent.waitFor(
        () => {
          const ports = [...out().matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
          const byRemote = new Map(ports.map(([local, remote]) => [remote, local]));
          return byRemote.has(8080) && byRemote.has(9999) ? [byRemote.get(8080)!, byRemote.get(9999)!] : undefined;
        },
        { what: 'kubectl port-forward listening', timeoutMs: 20_000 },
      );
      expect(await httpGet(open)).toBe('hello-from-pod\n');
      expect(await httpGet(open)).toBe('hello-from-pod\n'); // a second connection on the same tunnel
      await httpGet(closed).catch(() => undefined);
      await agent.waitFor(() => err().match(/error forwarding port 9999 to pod web_default, uid [\w-]+: failed to connect to [\d.]+:9999: connection refused/), {
        what: 'the closed-port error',
        timeoutMs: 20_000,
      });
    } finally {
      child.kill();
    }
  });

  it('port-forward also works over plain SPDY, kubectl\'s fallback when the WebSocket tunnel is refused', async () => {
    const child = spawnKubectl(bridge, ['port-forward', 'pod/web', ':8080'], { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    try {
      const out = collect(child.stdout);
      const port = await agent.waitFor(() => out().match(/Forwarding from 127\.0\.0\.1:(\d+) -> 8080/)?.[1], {
        what: 'kubectl port-forward listening',
        timeoutMs: 20_000,
      });
      expect(await httpGet(Number(port))).toBe('hello-from-pod\n');
    } finally {
      child.kill();
    }
  });

  it('cp copies a file into the container and back (tar through exec)', async () => {
    const local = join(scratch, 'in.txt');
    const content = `line one\n${'x'.repeat(100_000)}\nlast line\n`;
    await writeFile(local, content);
    const up = await bridge.kubectl(['cp', local, 'web:/tmp/copied.txt', '-c', 'other']);
    expect(up).toMatchObject({ code: 0 });
    const check = await bridge.kubectl(['exec', 'web', '-c', 'other', '--', 'wc', '-c', '/tmp/copied.txt']);
    expect(check.stdout.trim()).toBe(`${Buffer.byteLength(content)} /tmp/copied.txt`);
    const back = join(scratch, 'back.txt');
    const down = await bridge.kubectl(['cp', 'web:/tmp/copied.txt', back, '-c', 'other']);
    expect(down).toMatchObject({ code: 0 });
    expect(await readFile(back, 'utf8')).toBe(content);
  });

  it('our own CLI speaks the same protocol: exit codes, stdin, -c', async () => {
    const failing = await agent.cli(['exec', 'web', '--', 'sh', '-c', 'exit 4']);
    expect(failing.code).toBe(4);
    const piped = await agent.cli(['exec', '-i', 'web', '-c', 'other', '--', 'cat'], { input: 'through-cli\n' });
    expect(piped).toMatchObject({ code: 0, stdout: 'through-cli\n' });
  });
});

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const out = collect(child.stdout);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out() });
    });
    child.stdin.end();
  });
}
