import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient, inspect, removeNodeContainers } from '../helpers/docker.js';
import { removeHostLeftovers } from '../helpers/host-leftovers.js';
import { dockerExec, getPod, podContainers, waitForRunning } from './pod-helpers.js';

/**
 * Issue 17 §4: an upgrade keeps pods. The fixture (test/fixtures/upgrade-adoption/) is what the agent of
 * commit 8db7393 (minikubelet 0.1, whose pod UID and container hashes covered the defaulted spec and
 * the labels) wrote to Docker for legacy-pod.yaml. This test replays it (the same names, labels and
 * create options), runs today's agent on the same manifest, node name and paths, and checks that
 * nothing is created again or restarted; then that a relabel restarts nothing and reaches the
 * downward API files, also across an agent restart.
 *
 * The node name and the paths are the fixture's (the old UID covers them), so this file must not run
 * twice at once on one engine; it removes what it made, by node name, before and after.
 */
const run = promisify(execFile);
const FIXTURES = new URL('../fixtures/upgrade-adoption/', import.meta.url);

interface RecordedContainer {
  name: string;
  image: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  hostname: string;
  labels: Record<string, string>;
  hostConfig: { NetworkMode: string; IpcMode: string; Binds: string[] | null; LogConfig: { Type: string; Config: Record<string, string> } };
  state: string;
}

interface Fixture {
  commit: string;
  nodeName: string;
  base: string;
  containers: RecordedContainer[];
}

const SANDBOX_ID_LABEL = 'io.kubernetes.sandbox.id';

/** Creates and starts the recorded containers as the old agent did: sandbox, then init (run to completion), then app. */
async function replay(fixture: Fixture): Promise<void> {
  const docker = dockerClient();
  let sandboxId = '';
  for (const c of fixture.containers) {
    const recordedSandbox = c.labels[SANDBOX_ID_LABEL];
    const joined = (mode: string) => (recordedSandbox && mode.endsWith(recordedSandbox) ? `container:${sandboxId}` : mode);
    for (const bind of c.hostConfig.Binds ?? []) {
      const [source, target] = bind.split(':') as [string, string];
      if (target === '/dev/termination-log') {
        await mkdir(dirname(source), { recursive: true });
        await writeFile(source, '');
      } else {
        await mkdir(source, { recursive: true });
        if (source.includes('kubernetes.io~downward-api')) await writeOldDownwardFiles(source);
      }
    }
    const created = await docker.createContainer({
      name: c.name,
      Image: c.image,
      ...(c.entrypoint ? { Entrypoint: c.entrypoint } : {}),
      ...(c.cmd ? { Cmd: c.cmd } : {}),
      Env: c.env,
      // A container joining the sandbox's network inherits its hostname (Docker refuses both).
      ...(recordedSandbox ? {} : { Hostname: c.hostname }),
      Labels: recordedSandbox ? { ...c.labels, [SANDBOX_ID_LABEL]: sandboxId } : c.labels,
      HostConfig: {
        NetworkMode: joined(c.hostConfig.NetworkMode),
        IpcMode: joined(c.hostConfig.IpcMode),
        Binds: c.hostConfig.Binds ?? [],
        LogConfig: c.hostConfig.LogConfig,
      },
    });
    await created.start();
    if (c.labels['io.kubernetes.container.name'] === 'POD') sandboxId = created.id;
    if (c.state === 'exited') await created.wait();
  }
}

/**
 * The downward API volume as the old agent left it: the kubelet's AtomicWriter layout (a timestamped
 * directory, `..data` pointing to it, each file a link through `..data`) on a tmpfs, with the old labels.
 */
async function writeOldDownwardFiles(dir: string): Promise<void> {
  // On a tmpfs, as the old agent mounted it (the kubelet's downward API volumes are memory-backed).
  await run('mount', ['-t', 'tmpfs', '-o', 'mode=0755,size=1m', 'tmpfs', dir]);
  const payload = join(dir, '..2026_01_01_00_00_00.000000000');
  await mkdir(payload, { recursive: true });
  await writeFile(join(payload, 'labels'), 'app="legacy"\ntier="web"');
  await writeFile(join(payload, 'annotations'), 'owner="team-a"');
  await symlink('..2026_01_01_00_00_00.000000000', join(dir, '..data'));
  for (const file of ['labels', 'annotations']) await symlink(join('..data', file), join(dir, file));
}

/** Each container of the pod: its id, when it started, and Docker's restart count. */
async function snapshot(nodeName: string): Promise<Array<{ id: string; name: string; startedAt: string; restarts: number }>> {
  const containers = await podContainers(nodeName, 'legacy');
  const out = [];
  for (const c of containers) {
    const info = await inspect(c.Id);
    out.push({ id: c.Id, name: c.Labels['io.kubernetes.container.name'] ?? '', startedAt: info?.State.StartedAt ?? '', restarts: info?.RestartCount ?? -1 });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

describe('upgrade adoption: pods an older agent started are kept (real engine)', { timeout: 240_000 }, () => {
  let fixture: Fixture;
  let manifestDir: string;
  let rootDir: string;
  let legacyUid: string;
  let agent: AgentHarness | undefined;
  let before: Awaited<ReturnType<typeof snapshot>>;
  const newUids: string[] = [];

  const cleanup = async () => {
    await agent?.kill();
    await removeNodeContainers(fixture.nodeName);
    // The pod's tmpfs volumes and cgroups, whichever UID it ran under.
    await removeHostLeftovers(join(fixture.base, 'root'), [legacyUid, ...newUids]);
    await rm(fixture.base, { recursive: true, force: true });
  };

  beforeAll(async () => {
    fixture = JSON.parse(await readFile(new URL('legacy-pod.json', FIXTURES), 'utf8')) as Fixture;
    manifestDir = join(fixture.base, 'manifests');
    rootDir = join(fixture.base, 'root');
    legacyUid = fixture.containers[0]!.labels['io.kubernetes.pod.uid']!;
    await cleanup();
    await mkdir(manifestDir, { recursive: true });
    await replay(fixture);
    await copyFile(new URL('legacy-pod.yaml', FIXTURES), join(manifestDir, 'legacy.yaml'));
    before = await snapshot(fixture.nodeName);
  });
  afterAll(async () => {
    await agent?.cleanup();
    if (fixture) await cleanup();
  });

  const labelsFile = () => join(rootDir, 'pods', legacyUid, 'volumes', 'kubernetes.io~downward-api', 'podinfo', 'labels');

  it('replays the old agent\'s pod: a sandbox, a completed init container, a running app container', () => {
    expect(before.map((c) => c.name)).toEqual(['POD', 'main', 'setup']);
  });

  it('adopts them: same container IDs, same start times, no restart, the old UID kept', async () => {
    agent = await startAgent({ manifestDir, rootDir, nodeName: fixture.nodeName, extraArgs: ['--relist-seconds', '1'] });
    const pod = await waitForRunning(agent, 'legacy');
    expect(pod.metadata.uid).toBe(legacyUid);
    // The agent has synced the running pod once it wrote its downward API files.
    await agent.waitFor(() => readFile(labelsFile(), 'utf8'), { what: 'the downward API labels file' });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // a few relists: time to do anything wrong
    expect(await snapshot(fixture.nodeName)).toEqual(before);
    const status = await getPod(agent, 'legacy');
    expect(status?.status.containerStatuses?.map((s) => s.restartCount)).toEqual([0]);
    expect(status?.status.initContainerStatuses?.map((s) => s.state.terminated?.reason)).toEqual(['Completed']);
    expect(agent.logs()).toContain('Adopted a pod started by an older agent under its UID');
  });

  it('a label edit restarts nothing, and the labels reach get pods and the downward API files in place', async () => {
    const running = agent!;
    const manifest = await readFile(join(manifestDir, 'legacy.yaml'), 'utf8');
    await running.writeManifest('legacy.yaml', manifest.replace('tier: web', 'tier: api').replace('owner: team-a', 'owner: team-b'));
    await running.waitFor(() => readFile(labelsFile(), 'utf8'), { until: (text) => text.includes('tier="api"'), what: 'the relabelled labels file' });
    const main = before.find((c) => c.name === 'main')!;
    expect(await dockerExec(main.id, ['cat', '/etc/podinfo/labels'])).toContain('tier="api"');
    expect(await dockerExec(main.id, ['cat', '/etc/podinfo/annotations'])).toContain('owner="team-b"');
    const pod = await getPod(running, 'legacy');
    expect(pod?.metadata.labels).toEqual({ app: 'legacy', tier: 'api' });
    expect(pod?.metadata.uid).toBe(legacyUid);
    expect(await snapshot(fixture.nodeName)).toEqual(before);
  });

  it('stays adopted across an agent restart after the relabel (the adoption is recorded)', async () => {
    await agent!.stop();
    agent = await startAgent({ manifestDir, rootDir, nodeName: fixture.nodeName, extraArgs: ['--relist-seconds', '1'] });
    const pod = await waitForRunning(agent, 'legacy');
    expect(pod.metadata.uid).toBe(legacyUid);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await snapshot(fixture.nodeName)).toEqual(before);
    const record = JSON.parse(await readFile(join(rootDir, 'adopted-uids.json'), 'utf8')) as { version: number; adopted: Record<string, string> };
    expect(record.version).toBe(1);
    expect(Object.values(record.adopted)).toEqual([legacyUid]);
  });

  it('a spec edit still replaces the pod (adoption keeps nothing an edit should change)', async () => {
    const running = agent!;
    const manifest = await readFile(join(manifestDir, 'legacy.yaml'), 'utf8');
    await running.writeManifest('legacy.yaml', manifest.replace('while true; do sleep 1; done', 'while true; do sleep 2; done'));
    const pod = await running.waitFor(() => getPod(running, 'legacy'), { until: (p) => p?.metadata.uid !== legacyUid && p?.status.phase === 'Running', what: 'the edited pod under a new UID' });
    expect(pod?.metadata.uid).not.toBe(legacyUid);
    newUids.push(pod!.metadata.uid);
    expect((await snapshot(fixture.nodeName)).some((c) => c.id === before.find((b) => b.name === 'main')!.id)).toBe(false);
  });
});
