/**
 * Node mode against a real control plane (1.20, Node,RBAC + NodeRestriction): the agent joins with
 * a `system:node:<name>` client certificate, registers, turns Ready with its Lease, runs the pods
 * the scheduler binds to it in Docker (beside a static pod of its directory), reports their status,
 * finishes their graceful deletion, and rides out an API server restart.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent, waitFor } from '../helpers/agent-harness.js';
import { controlPlaneSkipReason, startControlPlane, type ControlPlane } from '../helpers/control-plane.js';
import { dockerClient, listNodeContainers } from '../helpers/docker.js';

const skip = controlPlaneSkipReason();
if (skip) console.warn(`[cluster] skipping the node mode tests: ${skip}`);

interface PodJson {
  metadata: { name: string; uid: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] };
  spec: { nodeName?: string };
  status: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { name: string; ready: boolean; restartCount: number; state: Record<string, unknown> }[] };
}

// A container that stops on SIGTERM (a bare `sleep` would hold each deletion for its 30 s grace period).
const LOOP = ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"];

describe.skipIf(skip !== undefined)('node mode', () => {
  let cp: ControlPlane;
  let agent: AgentHarness;
  /** Agents started before `agent` (the restart test): cleaned up too. */
  const earlier: AgentHarness[] = [];
  const node = `cluster-${randomBytes(3).toString('hex')}`;

  const kubectl = async (...args: string[]) => {
    const r = await cp.kubectl.run(args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const pods = async (selector: string) => (JSON.parse(await kubectl('get', 'pods', '-l', selector, '-o', 'json')) as { items: PodJson[] }).items;
  /** The running app containers in Docker of the pod named `app`, or of the pods of Deployment `app`. */
  const running = async (app: string) => (await listNodeContainers(node)).filter((c) => {
    const pod = c.Labels['io.kubernetes.pod.name'] ?? '';
    return c.State === 'running' && c.Labels['io.kubernetes.container.name'] !== 'POD' && (pod === app || new RegExp(`^${app}-[a-z0-9]+-[a-z0-9]{5}$`).test(pod));
  });
  const ready = (p: PodJson) => p.status.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

  beforeAll(async () => {
    cp = await startControlPlane();
    const kubeconfig = await cp.nodeKubeconfig(node);
    agent = await startAgent({ nodeName: node, extraArgs: ['--kubeconfig', kubeconfig, '--node-labels', 'minikubelet.io/test=node-mode'] });
  });
  afterAll(async () => {
    await agent?.cleanup();
    for (const a of earlier) await a.cleanup();
    await cp?.stop();
  });

  it('registers the node with its system:node identity and turns Ready, with its Lease renewed', async () => {
    const nodeJson = await agent.waitFor(async () => {
      const n = JSON.parse(await kubectl('get', 'node', node, '-o', 'json')) as { metadata: { uid: string; labels: Record<string, string> }; status: { conditions: { type: string; status: string; reason: string }[]; nodeInfo: Record<string, string>; daemonEndpoints: unknown } };
      return n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? n : undefined;
    }, { what: `node ${node} Ready`, timeoutMs: 60_000 });
    expect(nodeJson.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': node, 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/os': 'linux', 'minikubelet.io/test': 'node-mode' });
    expect(nodeJson.status.nodeInfo.containerRuntimeVersion).toMatch(/^docker:\/\//);
    expect(nodeJson.status.nodeInfo.kubeletVersion).toMatch(/^v1\.20\.\d+/);
    expect(nodeJson.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(nodeJson.status.conditions.map((c) => `${c.type}=${c.reason}`)).toEqual(['MemoryPressure=KubeletHasSufficientMemory', 'DiskPressure=KubeletHasNoDiskPressure', 'PIDPressure=KubeletHasSufficientPID', 'Ready=KubeletReady']);
    const lease = async () => JSON.parse(await kubectl('get', 'lease', '-n', 'kube-node-lease', node, '-o', 'json')) as { spec: { holderIdentity: string; renewTime: string; leaseDurationSeconds: number }; metadata: { ownerReferences?: { kind: string; uid: string }[] } };
    const first = await agent.waitFor(lease, { what: 'the node lease' });
    expect(first.spec).toMatchObject({ holderIdentity: node, leaseDurationSeconds: 40 });
    expect(first.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', uid: nodeJson.metadata.uid });
    await agent.waitFor(lease, { what: 'the lease renewed', timeoutMs: 30_000, until: (l) => l.spec.renewTime !== first.spec.renewTime });
    // The kubelet's node events, in default.
    const reasons = await agent.waitFor(async () => (JSON.parse(await kubectl('get', 'events', '-n', 'default', '--field-selector', `involvedObject.kind=Node,involvedObject.name=${node},source=kubelet`, '-o', 'json')) as { items: { reason: string }[] }).items.map((e) => e.reason), {
      what: 'the Starting and NodeReady events', timeoutMs: 30_000, until: (r) => r.includes('Starting') && r.includes('NodeReady'),
    });
    expect(reasons).toEqual(expect.arrayContaining(['Starting', 'NodeReady']));
  });

  it('runs a Deployment of 3 in Docker with status Running in the API (the token secret mounted), scales it to 1, deletes it', async () => {
    await kubectl('create', 'deployment', 'web', '--image=minikubelet/busybox:1.35', '--replicas=3', '--', ...LOOP);
    const three = await agent.waitFor(() => pods('app=web'), { what: '3 web pods Running and Ready in the API', timeoutMs: 90_000, until: (p) => p.length === 3 && p.every(ready) });
    expect(three.every((p) => p.spec.nodeName === node && p.status.podIP)).toBe(true);
    const containers = await running('web');
    expect(containers).toHaveLength(3);
    // The UID is the API's: the containers carry it.
    expect(new Set(containers.map((c) => c.Labels['io.kubernetes.pod.uid']))).toEqual(new Set(three.map((p) => p.metadata.uid)));
    // Every 1.20 API pod carries the service account token as a secret volume: mounted, readable.
    const exec = await dockerClient().getContainer(containers[0]!.Id).exec({ Cmd: ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/namespace'], AttachStdout: true });
    const out = await new Promise<string>((resolve, reject) => {
      void exec.start({}).then((stream) => {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('latin1')));
        stream.on('end', () => resolve(text));
      }, reject);
    });
    expect(out).toContain('default');
    // The pod's events, from the kubelet on this node, as `kubectl describe pod` lists them.
    const podEvents = await agent.waitFor(async () => (JSON.parse(await kubectl('get', 'events', '--field-selector', `involvedObject.uid=${three[0]!.metadata.uid}`, '-o', 'json')) as { items: { reason: string; source: { component: string; host: string } }[] }).items, {
      what: 'the pod\'s Created and Started events', timeoutMs: 30_000, until: (e) => e.some((x) => x.reason === 'Started'),
    });
    expect(podEvents.find((e) => e.reason === 'Started')?.source).toEqual({ component: 'kubelet', host: node });

    await kubectl('scale', 'deployment', 'web', '--replicas=1');
    await agent.waitFor(() => running('web'), { what: '1 web container left in Docker', timeoutMs: 60_000, until: (c) => c.length === 1 });
    await agent.waitFor(() => pods('app=web'), { what: '1 web pod left in the API (the others deleted by the agent)', timeoutMs: 60_000, until: (p) => p.length === 1 });

    await kubectl('delete', 'deployment', 'web');
    await agent.waitFor(() => pods('app=web'), { what: 'no web pod in the API', timeoutMs: 60_000, until: (p) => p.length === 0 });
    expect(await running('web')).toHaveLength(0);
  });

  it('keeps the pods running while the API server is down, and the status catches up when it is back', async () => {
    await kubectl('create', 'deployment', 'steady', '--image=minikubelet/busybox:1.35', '--', ...LOOP);
    const [before] = await agent.waitFor(() => pods('app=steady'), { what: 'the steady pod Running', timeoutMs: 90_000, until: (p) => p.length === 1 && p.every(ready) });
    await cp.stopApiServer();
    try {
      // Meanwhile its container dies: restarted here, where the API cannot see it.
      const [container] = await running('steady');
      await dockerClient().getContainer(container!.Id).kill();
      await agent.waitFor(async () => (await running('steady')).find((c) => c.Id !== container!.Id), { what: 'the steady container restarted', timeoutMs: 60_000 });
    } finally {
      await cp.startApiServer();
    }
    const after = await agent.waitFor(() => pods('app=steady'), { what: 'restartCount 1 in the API', timeoutMs: 90_000, until: (p) => p.length === 1 && p[0]!.status.containerStatuses?.[0]?.restartCount === 1 && ready(p[0]!) });
    expect(after[0]!.metadata.uid).toBe(before!.metadata.uid);
    expect(await running('steady')).toHaveLength(1);
    await agent.waitFor(async () => (JSON.parse(await kubectl('get', 'node', node, '-o', 'json')) as { status: { conditions: { type: string; status: string }[] } }).status.conditions.find((c) => c.type === 'Ready')?.status, { what: 'the node Ready again', timeoutMs: 60_000, until: (s) => s === 'True' });
    await kubectl('delete', 'deployment', 'steady');
  });

  it('kills a pod deleted with --grace-period within that grace, and refuses one that asks for more CPU than the node has with the kubelet\'s Failed status', async () => {
    // A bare `sleep` ignores SIGTERM: only the grace period ends it (30 s by default, 3 s asked here).
    const stubborn = join(cp.dir, 'stubborn.yaml');
    await writeFile(stubborn, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stubborn', labels: { app: 'stubborn' } }, spec: { containers: [{ name: 'c', image: 'minikubelet/busybox:1.35', command: ['sleep', '3600'] }] } }));
    await kubectl('apply', '-f', stubborn);
    await agent.waitFor(() => pods('app=stubborn'), { what: 'the stubborn pod Running', timeoutMs: 90_000, until: (p) => p.length === 1 && p.every(ready) });
    await kubectl('delete', 'pod', 'stubborn', '--grace-period=3', '--wait=false');
    await agent.waitFor(() => pods('app=stubborn'), { what: 'the pod gone well before its 30 s grace period', timeoutMs: 20_000, until: (p) => p.length === 0 });
    expect(await running('stubborn')).toHaveLength(0);

    // Bound to this node directly (no scheduler to filter it): the kubelet's admission refuses it.
    const manifest = join(cp.dir, 'greedy.yaml');
    await writeFile(manifest, JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'greedy' },
      spec: { nodeName: node, containers: [{ name: 'c', image: 'minikubelet/busybox:1.35', command: ['sleep', '3600'], resources: { requests: { cpu: '5000' } } }] },
    }));
    await kubectl('apply', '-f', manifest);
    const refused = await agent.waitFor(async () => JSON.parse(await kubectl('get', 'pod', 'greedy', '-o', 'json')) as PodJson & { status: { reason?: string; message?: string } }, { what: 'the greedy pod Failed', timeoutMs: 60_000, until: (p) => p.status.phase === 'Failed' });
    expect(refused.status.reason).toBe('OutOfcpu');
    expect(refused.status.message).toMatch(/cpu/);
    expect(await running('greedy')).toHaveLength(0);
    await kubectl('delete', 'pod', 'greedy', '--wait=false');
  });

  it('forms a two-node cluster with a second agent on the same engine, and the scheduler spreads a Deployment over both', async () => {
    const second = `${node}-b`;
    const other = await startAgent({ nodeName: second, extraArgs: ['--kubeconfig', await cp.nodeKubeconfig(second)] });
    earlier.push(other);
    await other.waitFor(async () => (JSON.parse(await kubectl('get', 'nodes', '-o', 'json')) as { items: { status: { conditions: { type: string; status: string }[] } }[] }).items, {
      what: 'two Ready nodes', timeoutMs: 60_000, until: (n) => n.filter((x) => x.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')).length === 2,
    });
    await kubectl('create', 'deployment', 'spread', '--image=minikubelet/busybox:1.35', '--replicas=4', '--', ...LOOP);
    const spread = await agent.waitFor(() => pods('app=spread'), { what: '4 spread pods Running', timeoutMs: 90_000, until: (p) => p.length === 4 && p.every(ready) });
    const byNode = new Map<string, number>();
    for (const p of spread) byNode.set(p.spec.nodeName ?? '', (byNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
    expect([...byNode.keys()].sort()).toEqual([node, second].sort());
    // Each agent runs only its own: the containers carry its node name.
    const mine = (await listNodeContainers(second)).filter((c) => c.State === 'running' && c.Labels['io.kubernetes.container.name'] === 'busybox');
    expect(mine).toHaveLength(byNode.get(second)!);
    await kubectl('delete', 'deployment', 'spread');
    await other.waitFor(() => pods('app=spread'), { what: 'no spread pod left', timeoutMs: 60_000, until: (p) => p.length === 0 });
    await other.cleanup();
    // Its Node goes too, or the scheduler keeps binding pods to it until the controller marks it NotReady.
    await kubectl('delete', 'node', second);
  });

  it('shows a static pod as a mirror pod, makes it again when deleted; a static pod using the directory\'s Secret gets none and says why', async () => {
    await agent.writeManifest('static.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: static-web, labels: {app: static-web}}
spec:
  terminationGracePeriodSeconds: 2
  containers: [{name: c, image: minikubelet/busybox:1.35, command: ${JSON.stringify(LOOP)}}]
`);
    const mirrorName = `static-web-${node}`;
    const getMirror = async () => JSON.parse(await kubectl('get', 'pod', mirrorName, '-o', 'json')) as PodJson;
    const mirror = await agent.waitFor(getMirror, { what: 'the mirror pod Running', timeoutMs: 60_000, until: (p) => ready(p) });
    expect(mirror.metadata.annotations?.['kubernetes.io/config.mirror']).toBeTruthy();
    expect(mirror.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Node', name: node, controller: true })]);
    const [container] = await running('static-web');
    await kubectl('delete', 'pod', mirrorName, '--wait=false');
    const again = await agent.waitFor(getMirror, { what: 'the mirror pod made again', timeoutMs: 60_000, until: (p) => p.metadata.uid !== mirror.metadata.uid && ready(p) });
    expect(again.metadata.annotations?.['kubernetes.io/config.mirror']).toBe(mirror.metadata.annotations?.['kubernetes.io/config.mirror']);
    // The file is the source of truth: the pod itself was never touched.
    expect((await running('static-web')).map((c) => c.Id)).toEqual([container!.Id]);

    await agent.writeManifest('secret-user.yaml', `
apiVersion: v1
kind: Secret
metadata: {name: db-pass}
stringData: {pw: hunter2}
---
apiVersion: v1
kind: Pod
metadata: {name: secret-user}
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - {name: c, image: minikubelet/busybox:1.35, command: ${JSON.stringify(LOOP)}, env: [{name: PW, valueFrom: {secretKeyRef: {name: db-pass, key: pw}}}]}
`);
    const described = await agent.waitFor(async () => (await agent.cli(['describe', 'pod', 'secret-user'])).stdout, { what: 'the MirrorPodRefused event', timeoutMs: 60_000, until: (out) => out.includes('MirrorPodRefused') });
    expect(described).toContain('references secret/default/db-pass of the manifest directory');
    // The refusal is decided when the file is read; the pod itself starts a moment later.
    await agent.waitFor(() => running('secret-user'), { what: 'secret-user running without a mirror', timeoutMs: 60_000, until: (cs) => cs.length === 1 });
    const none = await cp.kubectl.run(['get', 'pod', `secret-user-${node}`]);
    expect(none.stderr).toContain('NotFound');
    await agent.removeManifest('secret-user.yaml');
    await agent.removeManifest('static.yaml');
    await agent.waitFor(() => cp.kubectl.run(['get', 'pod', mirrorName]), { what: 'the mirror pod removed with its file', timeoutMs: 60_000, until: (r) => r.stderr.includes('NotFound') });
  });

  it('goes NotReady through the node lifecycle controller when the agent is gone, and Ready again when it is back, with no pod restarted', async () => {
    await kubectl('create', 'deployment', 'lasting', '--image=minikubelet/busybox:1.35', '--', ...LOOP);
    await agent.waitFor(() => pods('app=lasting'), { what: 'the lasting pod Running', timeoutMs: 90_000, until: (p) => p.length === 1 && p.every(ready) });
    const [container] = await running('lasting');
    const readyStatus = async () => (JSON.parse(await kubectl('get', 'node', node, '-o', 'json')) as { status: { conditions: { type: string; status: string; reason: string }[] } }).status.conditions.find((c) => c.type === 'Ready');
    await agent.kill();
    earlier.push(agent);
    // The controller's grace period is 40 s in 1.20; its monitor runs every 5 s.
    const lost = await waitFor(readyStatus, { what: 'the node NotReady', timeoutMs: 120_000, intervalMs: 2_000, until: (c) => c?.status === 'Unknown' });
    expect(lost?.reason).toBe('NodeStatusUnknown');
    agent = await startAgent({ nodeName: node, rootDir: agent.rootDir, manifestDir: agent.manifestDir, extraArgs: ['--kubeconfig', await cp.nodeKubeconfig(node), '--node-labels', 'minikubelet.io/test=node-mode'] });
    await agent.waitFor(readyStatus, { what: 'the node Ready again', timeoutMs: 60_000, until: (c) => c?.status === 'True' });
    const back = await agent.waitFor(() => pods('app=lasting'), { what: 'the lasting pod Ready in the API again', timeoutMs: 60_000, until: (p) => p.length === 1 && p.every(ready) });
    expect(back[0]!.status.containerStatuses?.[0]?.restartCount).toBe(0);
    expect((await running('lasting')).map((c) => c.Id)).toEqual([container!.Id]);
    await kubectl('delete', 'deployment', 'lasting');
  });
});
