import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_NODE_NAME, LABEL_POD_NAME, LABEL_POD_UID } from '../../src/runtime/labels.js';
import { type AgentHarness, REPO_ROOT, startAgent } from '../helpers/agent-harness.js';
import { dockerClient, forceRemove, inspect } from '../helpers/docker.js';
import { BUSYBOX, getPod, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

const FAST = ['--relist-seconds', '1', '--backoff-initial-seconds', '1'];

function neverPod(name: string, markerDir: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: Never
  volumes:
  - name: marker
    hostPath: { path: ${markerDir}, type: DirectoryOrCreate }
  containers:
  - name: ${name}
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo run >> /marker/runs; sleep 2"]
    volumeMounts: [{ name: marker, mountPath: /marker }]
`;
}

const FOREVER = (name: string) => runForeverPod(name);

async function waitForExit(agent: AgentHarness): Promise<void> {
  await agent.waitFor(() => !agent.running, { timeoutMs: 60_000, what: 'the agent to kill itself at the crash point' });
}

describe('agent faults and runtime drift', () => {
  let agent: AgentHarness | undefined;
  let markers: string;
  let manifestDir: string;
  let rootDir: string;
  const nodeName = `e2e-faults-${process.pid}`;

  beforeAll(async () => {
    markers = await mkdtemp(join(tmpdir(), 'minikubelet-markers-'));
    manifestDir = await mkdtemp(join(tmpdir(), 'minikubelet-faults-manifests-'));
    rootDir = await mkdtemp(join(tmpdir(), 'minikubelet-faults-root-'));
  });
  afterAll(async () => {
    await agent?.cleanup();
    await Promise.all([markers, manifestDir, rootDir].map((d) => rm(d, { recursive: true, force: true })));
  });

  async function restart(env?: Record<string, string>, waitReady = true): Promise<AgentHarness> {
    if (agent?.running) await agent.kill();
    agent = await startAgent({ manifestDir, rootDir, nodeName, extraArgs: FAST, waitReady, ...(env ? { env } : {}) });
    return agent;
  }

  for (const point of ['after-create', 'after-start'] as const) {
    const when = point === 'after-create' ? 'between creating and starting it' : 'right after starting it';
    it(`starts a Never container exactly once when the agent is killed ${when}`, async () => {
      const name = `once-${point}`;
      const dir = join(markers, name);
      await restart({ MINIKUBELET_TEST_KILL_AT: `${point}:${name}` }, false);
      await agent!.writeManifest(`${name}.yaml`, neverPod(name, dir));
      await waitForExit(agent!);
      await restart();
      const pod = await agent!.waitFor(() => getPod(agent!, name), { until: (p) => p?.status.phase === 'Succeeded', what: `${name} Succeeded` });
      expect(pod!.status.containerStatuses[0]!.restartCount).toBe(0);
      expect(await readFile(join(dir, 'runs'), 'utf8')).toBe('run\n');
      const containers = (await podContainers(nodeName, name)).filter((c) => c.Labels['io.kubernetes.container.name'] === name);
      expect(containers).toHaveLength(1);
    });
  }

  it('restarts an app container stopped behind its back, and recreates one removed behind its back', async () => {
    const a = agent ?? (await restart());
    await a.writeManifest('drift.yaml', FOREVER('drift'));
    await waitForRunning(a, 'drift');
    const main = () => podContainers(nodeName, 'drift').then((cs) => cs.filter((c) => c.Labels['io.kubernetes.container.name'] === 'main'));
    const first = (await main())[0]!;
    await dockerClient().getContainer(first.Id).stop({ t: 1 });
    const restarted = await a.waitFor(() => getPod(a, 'drift'), {
      until: (p) => p?.status.containerStatuses[0]?.restartCount === 1 && !!p.status.containerStatuses[0]?.state.running,
      what: 'drift restarted after docker stop',
    });
    expect(restarted).toBeDefined();
    for (const c of await main()) await forceRemove(c.Id);
    await a.waitFor(async () => (await main()).some((c) => c.State === 'running'), { what: 'drift recreated after docker rm' });
  });

  it('leaves alone a container with our labels that belongs to another node name', async () => {
    const a = agent ?? (await restart());
    const foreign = await dockerClient().createContainer({
      Image: BUSYBOX,
      Cmd: ['sleep', '300'],
      Labels: { [LABEL_NODE_NAME]: `${nodeName}-other`, [LABEL_POD_NAME]: 'drift', [LABEL_POD_UID]: 'not-ours' },
    });
    try {
      await foreign.start();
      await new Promise((r) => setTimeout(r, 3000)); // a few relists
      expect((await inspect(foreign.id))?.State.Running).toBe(true);
      expect(a.running).toBe(true);
    } finally {
      await foreign.remove({ force: true });
    }
  });

  it('exits cleanly on SIGTERM and leaves the pods running for the next start to adopt', async () => {
    const a = agent ?? (await restart());
    await a.writeManifest('stays.yaml', FOREVER('stays'));
    await waitForRunning(a, 'stays');
    const before = (await podContainers(nodeName, 'stays')).map((c) => `${c.Id}:${c.State}`).sort();
    const exit = await a.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect((await podContainers(nodeName, 'stays')).map((c) => `${c.Id}:${c.State}`).sort()).toEqual(before);
    const next = await restart();
    await waitForRunning(next, 'stays');
    expect((await podContainers(nodeName, 'stays')).map((c) => `${c.Id}:${c.State}`).sort()).toEqual(before);
  });

  it('waits for a Docker engine that is not there at start, with a clear log line, instead of crashing', async () => {
    const lonely = await startAgent({ waitReady: false, env: { DOCKER_HOST: `unix://${join(markers, 'no-docker.sock')}` } });
    try {
      await lonely.waitFor(() => lonely.logs(), { until: (l) => (l.match(/Docker engine not reachable/g) ?? []).length >= 2, what: 'two retries logged' });
      expect(lonely.running).toBe(true);
      expect(lonely.logs()).toMatch(/is dockerd running\?/);
    } finally {
      await lonely.cleanup();
    }
  });

  it('survives the whole malformed-manifest corpus next to a good pod, reporting each file', async () => {
    const a = agent ?? (await restart());
    const corpus = join(REPO_ROOT, 'test', 'fixtures', 'manifests', 'invalid');
    const files = await readdir(corpus);
    expect(files.length).toBeGreaterThanOrEqual(50);
    for (const f of files) await copyFile(join(corpus, f), join(manifestDir, `bad-${f}`));
    await a.writeManifest('survivor.yaml', FOREVER('survivor'));
    await waitForRunning(a, 'survivor');
    const out = await a.waitFor(async () => {
      const r = await a.cli(['get', 'pods', '-A']);
      return r.stdout + r.stderr;
    }, { until: (o) => files.every((f) => o.includes(`bad-${f}`)), what: 'an error line for every corpus file' });
    expect(out).toMatch(/survivor\s+1\/1\s+Running/);
    expect(a.running).toBe(true);
    for (const f of files) await rm(join(manifestDir, `bad-${f}`), { force: true });
  });
});
