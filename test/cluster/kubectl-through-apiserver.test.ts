/**
 * `kubectl logs`, `exec` and `port-forward` reach a pod on a minikubelet node **through the real
 * API server**: kubectl 1.32 talks to kube-apiserver 1.20, which dials the agent's kubelet port
 * (`--port`) with its `--kubelet-client-certificate`, verified against the agent's
 * `--client-ca-file`, and proxies the upgrade (WebSocket or SPDY) or the log stream.
 */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/agent-harness.js';
import { listNodeContainers } from '../helpers/docker.js';
import { apiPods, freePort, nodeReady, startClusterNode, type ClusterNode } from '../helpers/cluster-node.js';
import { controlPlaneSkipReason, startControlPlane, type ControlPlane } from '../helpers/control-plane.js';

const skip = controlPlaneSkipReason();
if (skip) console.warn(`[cluster] skipping kubectl through the API server: ${skip}`);

const POD = (nodeName: string) => `apiVersion: v1
kind: Pod
metadata:
  name: streams
  labels: { app: streams }
spec:
  nodeName: ${nodeName}
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: minikubelet/busybox:1.35
    imagePullPolicy: Never
    command: ["sh", "-c", "echo started-web; while true; do printf 'HTTP/1.0 200 OK\\r\\n\\r\\nhello-through-apiserver' | nc -l -p 8080; done"]
`;

/** A pod that runs to completion (a Job's): Never, prints, exits 0. */
const COMPLETED = (nodeName: string) => `apiVersion: v1
kind: Pod
metadata:
  name: done
  labels: { app: done }
spec:
  nodeName: ${nodeName}
  restartPolicy: Never
  terminationGracePeriodSeconds: 0
  containers:
  - name: job
    image: minikubelet/busybox:1.35
    imagePullPolicy: Never
    command: ["sh", "-c", "echo job-output; exit 0"]
`;

/** Sends an HTTP request to 127.0.0.1:port, returns what came back. */
function httpThrough(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.on('data', (c: Buffer) => (reply += c.toString()));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer through port-forward on ${port}; got ${JSON.stringify(reply)}`)));
    socket.write('GET / HTTP/1.0\r\n\r\n');
  });
}

describe.skipIf(skip !== undefined)('kubectl through the API server to the kubelet port', () => {
  let cp: ControlPlane;
  let node: ClusterNode | undefined;
  const name = `streams-${Math.random().toString(16).slice(2, 8)}`;

  beforeAll(async () => {
    cp = await startControlPlane();
    node = await startClusterNode(cp, name);
    await waitFor(() => nodeReady(cp, name), { until: (s) => s === 'True', what: 'node Ready', timeoutMs: 90_000 });
    const created = await cp.kubectl.runWithInput(['apply', '-f', '-'], POD(name));
    expect(created.code, created.stderr).toBe(0);
    await waitFor(() => apiPods(cp, 'app=streams'), { until: (ps) => ps[0]?.status.containerStatuses?.[0]?.ready === true, what: 'the pod Ready in the API', timeoutMs: 120_000 });
  });
  afterAll(async () => {
    await node?.agent.cleanup();
    await cp?.stop();
  });

  it('kubectl logs', async () => {
    const logs = await cp.kubectl.run(['logs', 'streams']);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('started-web');
  });

  it('kubectl logs of a completed pod, whose containers stay until it is deleted (the kubelet keeps them)', async () => {
    const created = await cp.kubectl.runWithInput(['apply', '-f', '-'], COMPLETED(name));
    expect(created.code, created.stderr).toBe(0);
    await waitFor(() => apiPods(cp, 'app=done'), { until: (ps) => ps[0]?.status.phase === 'Succeeded', what: 'the pod Succeeded in the API', timeoutMs: 120_000 });
    // Terminal in the API now; it stays terminal and its container stays (a relist or two later too).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const kept = (await listNodeContainers(name)).filter((c) => c.Labels['io.kubernetes.pod.name'] === 'done' && c.Labels['io.kubernetes.container.name'] === 'job');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.State).toBe('exited');
    const logs = await cp.kubectl.run(['logs', 'done']);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toBe('job-output\n');
    expect((await apiPods(cp, 'app=done'))[0]?.status.phase).toBe('Succeeded');
    const deleted = await cp.kubectl.run(['delete', 'pod', 'done', '--wait=true', '--timeout=60s']);
    expect(deleted.code, deleted.stderr).toBe(0);
    await waitFor(async () => (await listNodeContainers(name)).filter((c) => c.Labels['io.kubernetes.pod.name'] === 'done').length, {
      until: (n) => n === 0, what: 'the deleted pod\'s containers removed', timeoutMs: 60_000,
    });
  });

  it('kubectl exec: output, stdin and the exit code', async () => {
    const out = await cp.kubectl.run(['exec', 'streams', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(out.stdout).toContain('out');
    expect(out.stderr).toContain('err');
    expect(out.code).toBe(3);
    const stdin = await cp.kubectl.runWithInput(['exec', '-i', 'streams', '--', 'cat'], 'through-stdin\n');
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.stdout).toBe('through-stdin\n');
  });

  it('kubectl port-forward carries an HTTP exchange to the pod', async () => {
    const local = await freePort();
    const forward = cp.kubectl.start(['port-forward', 'pod/streams', `${local}:8080`]);
    try {
      await waitFor(() => forward.output().includes('Forwarding from'), { what: `kubectl port-forward ready; output: ${forward.output()}`, timeoutMs: 30_000 });
      const reply = await waitFor(() => httpThrough(local), { until: (r) => r.includes('hello-through-apiserver'), what: 'the answer through port-forward', timeoutMs: 30_000 });
      expect(reply).toContain('200 OK');
    } finally {
      forward.stop();
    }
  });
});
