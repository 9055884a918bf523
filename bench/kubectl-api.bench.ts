/**
 * The HTTPS Kubernetes API (issue 15): what a kubectl user waits for. Bounded: one agent, 10
 * pods; 200 authenticated list requests (Table, as kubectl asks), 20 runs of the real
 * `kubectl get pods` with a warm discovery cache, and 10 pods written one at a time while a watch
 * is open (manifest written → ADDED on the watch, and → MODIFIED showing Running). Every
 * container is removed by node label at the end.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient } from '../test/helpers/docker.js';
import { hasKubectl, Kubectl } from '../test/helpers/kubectl-runner.js';
import { runForeverPod } from '../test/e2e/pod-helpers.js';
import { describeMachine } from './lib/machine.js';
import { formatSummary, summarize } from './lib/stats.js';

const PODS = 10;
const LISTS = 200;
const KUBECTL_RUNS = 20;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

let agent: AgentHarness | undefined;
let work: string | undefined;
afterAll(async () => {
  await agent?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
});

it(`measures list, kubectl get and watch latency (${PODS} pods)`, async () => {
  const machine = await describeMachine(dockerClient());
  agent = await startAgent({ extraArgs: ['--log-level', 'warn'] });
  work = await mkdtemp(join(tmpdir(), 'minikubelet-bench-kubectl-'));
  const pem = async (name: string) => readFile(join(agent!.rootDir, 'pki', name), 'utf8');
  const tls = new Agent({ keepAlive: true, ca: await pem('ca.crt'), cert: await pem('admin.crt'), key: await pem('admin.key') });
  const server = /server: (\S+)/.exec(await readFile(join(agent.rootDir, 'kubeconfig'), 'utf8'))![1]!;
  const lines: { atMs: number; type: string; name: string; phase: string }[] = [];
  const watch = request(`${server}/api/v1/namespaces/default/pods?watch=1`, { agent: tls }, (res) => {
    let buffer = '';
    res.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, i)) as { type: string; object: { metadata: { name: string }; status: { phase: string } } };
        lines.push({ atMs: Date.now(), type: event.type, name: event.object.metadata.name, phase: event.object.status.phase });
        buffer = buffer.slice(i + 1);
      }
    });
  });
  watch.end();
  const added: number[] = [];
  const running: number[] = [];
  for (let i = 0; i < PODS; i++) {
    const name = `bench-${i}`;
    const written = Date.now();
    await agent.writeManifest(`${name}.yaml`, runForeverPod(name));
    const seen = await agent.waitFor(() => lines.find((l) => l.name === name && l.phase === 'Running'), { what: `${name} Running on the watch` });
    added.push(lines.find((l) => l.name === name)!.atMs - written);
    running.push(seen.atMs - written);
  }
  watch.destroy();

  const listMs: number[] = [];
  for (let i = 0; i < LISTS; i++) {
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const req = request(`${server}/api/v1/namespaces/default/pods`, { agent: tls, headers: { accept: TABLE } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    listMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  tls.destroy();

  const kubectlMs: number[] = [];
  if (hasKubectl) {
    const kubectl = new Kubectl(join(agent.rootDir, 'kubeconfig'), join(work, 'cache'));
    await kubectl.run(['get', 'pods']);
    for (let i = 0; i < KUBECTL_RUNS; i++) {
      const started = Date.now();
      const result = await kubectl.run(['get', 'pods']);
      kubectlMs.push(Date.now() - started);
      expect(result.code).toBe(0);
    }
  }
  const results = {
    machine,
    'manifest written → ADDED on the watch': formatSummary(summarize(added)),
    'manifest written → Running on the watch': formatSummary(summarize(running)),
    [`list of ${PODS} pods as a Table over HTTPS (keep-alive)`]: formatSummary(summarize(listMs)),
    'kubectl get pods (process, warm discovery cache)': hasKubectl ? formatSummary(summarize(kubectlMs)) : 'skipped: no kubectl',
  };
  console.log(`kubectl API bench result:\n${JSON.stringify(results, null, 2)}`);
  expect(added).toHaveLength(PODS);
});
