/**
 * Node mode's pod start latency, both measured in the API server: an API pod from its creation
 * (POST) to `Running` and Ready in its status, beside a file pod from writing its manifest to its
 * mirror pod `Running` and Ready. One pod at a time, alternating, BENCH_PODS of each (default 10),
 * each deleted before the next; a real control plane on loopback (`test/helpers/control-plane.ts`).
 */
import { afterAll, expect, it } from 'vitest';
import { KubeClient } from '../src/node-mode/kube-client.js';
import { loadKubeconfig } from '../src/node-mode/kubeconfig.js';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { controlPlaneSkipReason, startControlPlane, type ControlPlane } from '../test/helpers/control-plane.js';
import { dockerClient } from '../test/helpers/docker.js';
import { describeMachine } from './lib/machine.js';
import { formatSummary, summarize } from './lib/stats.js';

const PODS = Number(process.env.BENCH_PODS ?? 10);
const skip = controlPlaneSkipReason();

interface PodStatusJson { status?: { phase?: string; conditions?: { type: string; status: string }[] } }
const isReady = (p: PodStatusJson) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const spec = { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'minikubelet/busybox:1.35', command: ['sleep', '3600'] }] };

let cp: ControlPlane | undefined;
let agent: AgentHarness | undefined;
let admin: KubeClient | undefined;
afterAll(async () => {
  admin?.close();
  await agent?.cleanup();
  await cp?.stop();
});

/** Polls the pod every 50 ms until Running and Ready; returns when it was first seen so. */
async function readyAt(client: KubeClient, path: string): Promise<number> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const pod = await client.get<PodStatusJson>(path).catch(() => undefined);
    if (pod && isReady(pod)) return Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} not Running within 120 s`);
}

it.skipIf(skip !== undefined)(`measures API pod start latency beside a file pod's (${PODS} each, in the API)`, async () => {
  const machine = await describeMachine(dockerClient());
  cp = await startControlPlane();
  const node = 'bench-node';
  agent = await startAgent({ nodeName: node, extraArgs: ['--kubeconfig', await cp.nodeKubeconfig(node), '--log-level', 'warn'] });
  admin = new KubeClient(await loadKubeconfig(cp.adminKubeconfig));
  const client = admin;
  // The node Ready and the default service account's token there before the first pod.
  await agent.waitFor(async () => (await client.get<{ items: unknown[] }>('/api/v1/namespaces/default/secrets')).items.length > 0 && (await client.get<{ status: { conditions: { type: string; status: string }[] } }>(`/api/v1/nodes/${node}`)).status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'), { what: 'node Ready', timeoutMs: 120_000 });
  const apiMs: number[] = [];
  const fileMs: number[] = [];
  for (let i = 0; i < PODS; i++) {
    const name = `api-${i}`;
    const t0 = Date.now();
    await client.post('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...spec, nodeName: node } });
    apiMs.push((await readyAt(client, `/api/v1/namespaces/default/pods/${name}`)) - t0);
    await client.delete(`/api/v1/namespaces/default/pods/${name}`, { gracePeriodSeconds: 0 });

    const file = `file-${i}`;
    const t1 = Date.now();
    await agent.writeManifest(`${file}.yaml`, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: file }, spec }));
    fileMs.push((await readyAt(client, `/api/v1/namespaces/default/pods/${file}-${node}`)) - t1);
    await agent.removeManifest(`${file}.yaml`);
  }
  const api = summarize(apiMs);
  const files = summarize(fileMs);
  const results = { machine, 'API pod: created → Running in the API': formatSummary(api), 'file pod: written → mirror Running in the API': formatSummary(files), ratio: Math.round((api.median / files.median) * 100) / 100 };
  console.log(`node mode pod start bench result:\n${JSON.stringify(results, null, 2)}`);
  expect(apiMs).toHaveLength(PODS);
});
