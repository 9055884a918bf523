/**
 * Writes through kubectl (issue 15 §4): what a kubectl user waits for when the API writes the
 * manifest directory. Bounded: one agent, 10 pods created with `kubectl apply` (the answer, then
 * Ready), each relabelled (`kubectl label`), given a new image (`kubectl set image`: the answer,
 * then the container running again) and deleted (`kubectl delete`, grace 1 s, waiting for it to be
 * gone); plus 100 label PATCHes over HTTPS with keep-alive (no kubectl start). Every container is
 * removed by node label at the end, and the extra image tag too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../test/helpers/agent-harness.js';
import { dockerClient } from '../test/helpers/docker.js';
import { hasKubectl, Kubectl } from '../test/helpers/kubectl-runner.js';
import { BUSYBOX, runForeverPod } from '../test/e2e/pod-helpers.js';
import { describeMachine } from './lib/machine.js';
import { formatSummary, summarize } from './lib/stats.js';

const PODS = 10;
const PATCHES = 100;

let agent: AgentHarness | undefined;
let work: string | undefined;
let otherImage: string | undefined;
afterAll(async () => {
  await agent?.cleanup();
  if (otherImage) await dockerClient().getImage(otherImage).remove({ noprune: true }).catch(() => undefined);
  if (work) await rm(work, { recursive: true, force: true });
});

const timed = async (fn: () => Promise<unknown>, into: number[]) => {
  const started = process.hrtime.bigint();
  await fn();
  into.push(Number(process.hrtime.bigint() - started) / 1e6);
};

it.skipIf(!hasKubectl)(`measures kubectl apply, label, set image and delete (${PODS} pods)`, async () => {
  const machine = await describeMachine(dockerClient());
  agent = await startAgent({ extraArgs: ['--log-level', 'warn'] });
  work = await mkdtemp(join(tmpdir(), 'minikubelet-bench-writes-'));
  otherImage = `minikubelet/busybox:bench-${agent.nodeName}`;
  const [repo, tag] = otherImage.split(':') as [string, string];
  await dockerClient().getImage(BUSYBOX).tag({ repo, tag });
  const kubectl = new Kubectl(join(agent.rootDir, 'kubeconfig'), join(work, 'cache'));
  const ok = async (args: string[]) => {
    const result = await kubectl.run(args);
    expect(result.code, result.stderr).toBe(0);
  };
  await ok(['get', 'pods']);
  const m = { apply: [] as number[], ready: [] as number[], label: [] as number[], setImage: [] as number[], restarted: [] as number[], del: [] as number[], patch: [] as number[] };
  for (let i = 0; i < PODS; i++) {
    const name = `w-${i}`;
    const file = join(work, `${name}.yaml`);
    await writeFile(file, runForeverPod(name));
    const started = Date.now();
    await timed(() => ok(['apply', '-f', file]), m.apply);
    await ok(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=60s']);
    m.ready.push(Date.now() - started);
    await timed(() => ok(['label', 'pod', name, 'bench=yes']), m.label);
    const imageAt = Date.now();
    await timed(() => ok(['set', 'image', `pod/${name}`, `main=${otherImage}`]), m.setImage);
    await agent.waitFor(async () => {
      const out = await kubectl.run(['get', 'pod', name, '-o', 'jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].ready}']);
      return out.stdout === '1 true';
    }, { what: `${name} restarted with the new image` });
    m.restarted.push(Date.now() - imageAt);
  }
  const pem = async (n: string) => readFile(join(agent!.rootDir, 'pki', n), 'utf8');
  const tls = new Agent({ keepAlive: true, ca: await pem('ca.crt'), cert: await pem('admin.crt'), key: await pem('admin.key') });
  const server = /server: (\S+)/.exec(await readFile(join(agent.rootDir, 'kubeconfig'), 'utf8'))![1]!;
  for (let i = 0; i < PATCHES; i++) {
    const body = JSON.stringify({ metadata: { labels: { n: String(i) } } });
    await timed(() => new Promise<void>((resolve, reject) => {
      const req = request(`${server}/api/v1/namespaces/default/pods/w-0`, { agent: tls, method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    }), m.patch);
  }
  tls.destroy();
  for (let i = 0; i < PODS; i++) await timed(() => ok(['delete', 'pod', `w-${i}`]), m.del);
  const results = {
    machine,
    'kubectl apply (create) → answered (the pod published)': formatSummary(summarize(m.apply)),
    'kubectl apply → Ready (kubectl wait)': formatSummary(summarize(m.ready)),
    'kubectl label': formatSummary(summarize(m.label)),
    'kubectl set image → answered': formatSummary(summarize(m.setImage)),
    'kubectl set image → the container running again (restartCount 1)': formatSummary(summarize(m.restarted)),
    'kubectl delete (grace 1 s, waits until gone)': formatSummary(summarize(m.del)),
    [`label PATCH over HTTPS, keep-alive (${PATCHES})`]: formatSummary(summarize(m.patch)),
  };
  console.log(`kubectl writes bench result:\n${JSON.stringify(results, null, 2)}`);
});
