/**
 * Node mode's pod start latency against a real control plane (test/helpers/control-plane.ts):
 * - an **API pod**: created in the API with `spec.nodeName` set (no scheduler in the path) →
 *   the API shows it `Running` (the agent's status PATCH, seen through a watch);
 * - a **file pod**: its manifest renamed into the directory → its mirror pod shows `Running` in the API.
 * One at a time, alternating, 10 of each (BENCH_PODS); every container removed by node label at the end.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { KubeClient, type WatchEvent } from '../src/node-mode/kube-client.js';
import { loadKubeconfig } from '../src/node-mode/kubeconfig.js';
import { type AgentHarness, waitFor } from '../test/helpers/agent-harness.js';
import { nodeReady, startClusterNode } from '../test/helpers/cluster-node.js';
import { startControlPlane, type ControlPlane } from '../test/helpers/control-plane.js';
import { dockerClient } from '../test/helpers/docker.js';
import { BUSYBOX } from '../test/e2e/pod-helpers.js';
import { describeMachine } from './lib/machine.js';
import { formatSummary, summarize } from './lib/stats.js';

const PODS = Number(process.env.BENCH_PODS ?? 10);

interface PodEvent {
  metadata: { name: string };
  status?: { phase?: string };
}

let cp: ControlPlane | undefined;
let agent: AgentHarness | undefined;
afterAll(async () => {
  await agent?.cleanup();
  await cp?.stop();
});

it(`measures node mode's pod start: an API pod against a file pod (${PODS} each)`, async () => {
  const machine = await describeMachine(dockerClient());
  cp = await startControlPlane();
  const nodeName = `bench-node-${randomBytes(3).toString('hex')}`;
  agent = (await startClusterNode(cp, nodeName, { extraArgs: ['--log-level', 'warn'] })).agent;
  await waitFor(() => nodeReady(cp!, nodeName), { until: (s) => s === 'True', what: 'node Ready', timeoutMs: 90_000 });
  const client = new KubeClient(await loadKubeconfig(cp.adminKubeconfig));
  // When each pod was first seen Running in the API, by name (a watch from now on).
  const runningAt = new Map<string, number>();
  const watching = new AbortController();
  const watch = client.watch<PodEvent>('/api/v1/namespaces/default/pods', {}, (event: WatchEvent<PodEvent>) => {
    if (event.object.status?.phase === 'Running' && !runningAt.has(event.object.metadata.name)) runningAt.set(event.object.metadata.name, Date.now());
  }, watching.signal).catch(() => undefined);
  const until = (name: string) => waitFor(() => runningAt.get(name), { what: `${name} Running in the API`, timeoutMs: 60_000, intervalMs: 10 });
  const apiMs: number[] = [];
  const fileMs: number[] = [];
  try {
    for (let i = 0; i < PODS; i++) {
      const apiName = `api-${i}`;
      const t0 = Date.now();
      await client.post('/api/v1/namespaces/default/pods', {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: apiName },
        spec: { nodeName, terminationGracePeriodSeconds: 0, automountServiceAccountToken: false, containers: [{ name: 'app', image: BUSYBOX, imagePullPolicy: 'Never', command: ['sleep', '3600'] }] },
      });
      apiMs.push((await until(apiName)) - t0);
      const fileName = `file-${i}`;
      const t1 = Date.now();
      await agent.writeManifest(`${fileName}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${fileName}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n  - name: app\n    image: ${BUSYBOX}\n    command: ["sleep", "3600"]\n`);
      fileMs.push((await until(`${fileName}-${nodeName}`)) - t1);
    }
  } finally {
    watching.abort();
    await watch;
    client.close();
  }
  const api = summarize(apiMs);
  const file = summarize(fileMs);
  const results = {
    machine, control: 'kube-apiserver 1.20.2 on loopback (test/helpers/control-plane.ts)',
    'API pod: created → Running in the API': formatSummary(api),
    'file pod: manifest written → its mirror pod Running in the API': formatSummary(file),
    'API / file': Math.round((api.median / file.median) * 100) / 100,
  };
  console.log(`node mode bench result:\n${JSON.stringify(results, null, 2)}`);
  expect(apiMs).toHaveLength(PODS);
});
