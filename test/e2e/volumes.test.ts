import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import type { ContainerStatus } from '../../src/api/pod-status-types.js';
import { dockerClient, inspect } from '../helpers/docker.js';
import { CGROUP_V2, emptyDirOf, mountsUnder, removeAllPods } from './host-state.js';
import { BUSYBOX, dockerExec, getPod, podContainers, waitForRunning } from './pod-helpers.js';

const run = promisify(execFile);
const FOREVER = `trap 'exit 0' TERM; while true; do sleep 1; done`;
const SLOW = 120_000;
const AGENT_ARGS = ['--allow-privileged', '--backoff-initial-seconds', '1', '--backoff-max-seconds', '2'];

async function runningId(agent: AgentHarness, podName: string, container: string): Promise<string> {
  const c = (await podContainers(agent.nodeName, podName)).find((x) => x.Labels['io.kubernetes.container.name'] === container && x.State === 'running');
  if (!c) throw new Error(`no running ${container} in ${podName}`);
  return c.Id;
}

// Generous per-test time: these run beside other engine suites on a small, loaded machine.
describe('volumes: emptyDir, tmpfs, sizeLimit eviction, hostPath, volumeMounts (real engine)', { timeout: 300_000 }, () => {
  let agent: AgentHarness;
  /** Harnesses replaced by a restarted agent: cleaned up (their temp dirs) at the end. */
  const restarted: AgentHarness[] = [];
  let hostDir: string;
  let socketServer: Server;

  beforeAll(async () => {
    hostDir = await mkdtemp(join(tmpdir(), 'minikubelet-e2e-hostpath-'));
    agent = await startAgent({ extraArgs: AGENT_ARGS });
  });
  afterAll(async () => {
    await removeAllPods(agent);
    await agent?.cleanup();
    for (const old of restarted) await old.cleanup();
    socketServer?.close();
    for (const point of (await mountsUnder(hostDir)).reverse()) await run('umount', ['-l', point]).catch(() => undefined);
    await rm(hostDir, { recursive: true, force: true });
  });

  it('shares an emptyDir between init and app containers, keeps it across restarts and sandbox re-creation, and removes it with the pod', async () => {
    await agent.writeManifest('cache.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: cache
    emptyDir: {}
  initContainers:
  - name: init
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo init >> /cache/log"]
    volumeMounts: [{ name: cache, mountPath: /cache }]
  containers:
  - name: app
    image: ${BUSYBOX}
    # Fails on its first run, so the restart has to find what the first run wrote.
    command: ["sh", "-c", "echo app >> /cache/log; [ $(grep -c app /cache/log) -ge 2 ] || exit 1; ${FOREVER}"]
    volumeMounts: [{ name: cache, mountPath: /cache }]
`);
    // The app's first run exits 1 (it may look Running for a moment); the second one keeps running.
    const pod = (await agent.waitFor(() => getPod(agent, 'cache'), {
      until: (p) => (p?.status.containerStatuses[0]?.restartCount ?? 0) >= 1 && !!p?.status.containerStatuses[0]?.state.running,
      timeoutMs: SLOW,
      what: 'cache app running after its restart',
    }))!;
    const dir = emptyDirOf(agent, pod.metadata.uid, 'cache');
    expect((await stat(dir)).mode & 0o777).toBe(0o777);
    expect(await readFile(join(dir, 'log'), 'utf8')).toMatch(/^init\napp\napp\n/);

    // A new sandbox re-runs the init container; the data is still there.
    const sandbox = (await podContainers(agent.nodeName, 'cache')).find((c) => c.Labels['io.kubernetes.container.name'] === 'POD' && c.State === 'running')!;
    await dockerClient().getContainer(sandbox.Id).kill();
    await agent.waitFor(async () => (await readFile(join(dir, 'log'), 'utf8')).split('\n').filter((l) => l === 'init').length, {
      until: (inits) => inits >= 2,
      timeoutMs: SLOW,
      what: 'init container run again in the new sandbox',
    });
    await waitForRunning(agent, 'cache', SLOW);
    expect((await dockerExec(await runningId(agent, 'cache', 'app'), ['cat', '/cache/log'])).startsWith('init\napp\napp\n')).toBe(true);

    await agent.removeManifest('cache.yaml');
    await agent.waitFor(async () => !existsSync(join(agent.rootDir, 'pods', pod.metadata.uid)) && (await getPod(agent, 'cache')) === undefined, {
      timeoutMs: SLOW,
      what: 'pod directory removed',
    });
  });

  it('backs medium: Memory with one tmpfs shared by the pod containers, sized by sizeLimit, unmounted with the pod', async () => {
    await agent.writeManifest('mem.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: mem
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: scratch
    emptyDir: { medium: Memory, sizeLimit: 16Mi }
  - name: sized-by-pod
    emptyDir: { medium: Memory }
  initContainers:
  - name: init
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo from-init > /scratch/init"]
    volumeMounts: [{ name: scratch, mountPath: /scratch }]
    resources: { limits: { memory: 32Mi } }
  containers:
  - name: writer
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo from-writer > /scratch/shared; ${FOREVER}"]
    volumeMounts: [{ name: scratch, mountPath: /scratch }, { name: sized-by-pod, mountPath: /pod }]
    resources: { limits: { memory: 64Mi } }
  - name: reader
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    volumeMounts: [{ name: scratch, mountPath: /scratch }]
    resources: { limits: { memory: 64Mi } }
`);
    const pod = await waitForRunning(agent, 'mem', SLOW);
    const reader = await runningId(agent, 'mem', 'reader');
    const mounts = await dockerExec(reader, ['mount']);
    expect(mounts).toMatch(/tmpfs on \/scratch type tmpfs \([^)]*size=16384k/);
    await agent.waitFor(() => dockerExec(reader, ['cat', '/scratch/shared', '/scratch/init']), { until: (out) => out === 'from-writer\nfrom-init\n', what: 'files written by init and writer visible to reader' });
    // Without a sizeLimit: the pod's memory limit (64Mi + 64Mi; every container, init included, has one).
    expect(await dockerExec(await runningId(agent, 'mem', 'writer'), ['mount'])).toMatch(/tmpfs on \/pod type tmpfs \([^)]*size=131072k/);
    const dir = emptyDirOf(agent, pod.metadata.uid, 'scratch');
    expect(await mountsUnder(dir)).toEqual([dir]);

    await agent.removeManifest('mem.yaml');
    await agent.waitFor(async () => (await getPod(agent, 'mem')) === undefined && !existsSync(join(agent.rootDir, 'pods', pod.metadata.uid)), {
      timeoutMs: SLOW,
      what: 'mem pod removed',
    });
    expect(await mountsUnder(join(agent.rootDir, 'pods', pod.metadata.uid))).toEqual([]);
  });

  it('cleans up the directory and tmpfs of a pod that went away while the agent was down', async () => {
    await agent.writeManifest('orphan.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: orphan
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: mem
    emptyDir: { medium: Memory, sizeLimit: 8Mi }
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    volumeMounts: [{ name: mem, mountPath: /mem }]
`);
    const pod = await waitForRunning(agent, 'orphan', SLOW);
    const dir = join(agent.rootDir, 'pods', pod.metadata.uid);
    expect(await mountsUnder(dir)).toHaveLength(1);
    // The agent dies; while it is down the manifest and the containers go.
    await agent.kill();
    await agent.removeManifest('orphan.yaml');
    const docker = dockerClient();
    for (const c of await podContainers(agent.nodeName, 'orphan')) await docker.getContainer(c.Id).remove({ force: true });
    const first = agent;
    agent = await startAgent({ manifestDir: first.manifestDir, rootDir: first.rootDir, nodeName: first.nodeName, extraArgs: AGENT_ARGS });
    restarted.push(first);
    const podCgroup = CGROUP_V2 ? `/sys/fs/cgroup/kubepods/besteffort/pod${pod.metadata.uid}` : `/sys/fs/cgroup/memory/kubepods/besteffort/pod${pod.metadata.uid}`;
    await agent.waitFor(async () => !existsSync(dir) && (await mountsUnder(dir)).length === 0 && !existsSync(podCgroup), {
      timeoutMs: SLOW,
      what: 'orphaned pod directory, tmpfs and cgroup removed',
    });
  });

  it('evicts a pod whose disk emptyDir grows over its sizeLimit: Failed, reason Evicted, volume removed, never restarted', async () => {
    await agent.writeManifest('filler.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: filler
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: scratch
    emptyDir: { sizeLimit: 4Mi }
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "dd if=/dev/zero of=/scratch/big bs=1M count=8; ${FOREVER}"]
    volumeMounts: [{ name: scratch, mountPath: /scratch }]
`);
    const evicted = await agent.waitFor(() => getPod(agent, 'filler'), { until: (p) => p?.status.phase === 'Failed', timeoutMs: SLOW, what: 'filler evicted' });
    expect(evicted!.status.reason).toBe('Evicted');
    expect(evicted!.status.message).toBe('Usage of EmptyDir volume "scratch" exceeds the limit "4Mi". ');
    // (kubectl's STATUS column shows the containers' own reasons once they have terminated, as for any evicted pod.)
    const described = (await agent.cli(['describe', 'pod', 'filler'])).stdout;
    expect(described).toMatch(/Reason:\s+Evicted/);
    expect(described).toMatch(/Warning\s+Evicted\s+.*Usage of EmptyDir volume "scratch" exceeds the limit "4Mi"/);
    await agent.waitFor(async () => (await podContainers(agent.nodeName, 'filler')).every((c) => c.State !== 'running'), { what: 'filler containers stopped' });
    expect(existsSync(emptyDirOf(agent, evicted!.metadata.uid, 'scratch'))).toBe(false);
    // Still Failed a while later: an evicted pod is not started again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const later = await getPod(agent, 'filler');
    expect(later!.status.phase).toBe('Failed');
    expect(later!.status.containerStatuses[0]!.restartCount).toBe(0);
    expect(later!.status.containerStatuses[0]!.state.terminated).toBeDefined();
  });

  it('checks every hostPath type as the kubelet does, creating the *OrCreate ones', async () => {
    await mkdir(join(hostDir, 'dir'));
    await writeFile(join(hostDir, 'file'), 'host file\n');
    socketServer = createServer();
    await new Promise<void>((resolve) => socketServer.listen(join(hostDir, 'sock'), resolve));
    const block = ['/dev/loop0', '/dev/vda', '/dev/sda', '/dev/nvme0n1'].find((p) => existsSync(p));
    const cases: Array<[string, string, string, string | undefined]> = [
      ['unchecked', '', join(hostDir, 'made-by-docker'), undefined],
      ['dir-ok', 'Directory', join(hostDir, 'dir'), undefined],
      ['dir-bad', 'Directory', join(hostDir, 'file'), 'is not a directory'],
      ['dir-create', 'DirectoryOrCreate', join(hostDir, 'new', 'deep'), undefined],
      ['file-ok', 'File', join(hostDir, 'file'), undefined],
      ['file-bad', 'File', join(hostDir, 'dir'), 'is not a file'],
      ['file-create', 'FileOrCreate', join(hostDir, 'created.txt'), undefined],
      ['file-create-bad', 'FileOrCreate', join(hostDir, 'dir'), 'is not a file'],
      ['sock-ok', 'Socket', join(hostDir, 'sock'), undefined],
      ['sock-bad', 'Socket', join(hostDir, 'file'), 'is not a socket file'],
      ['char-ok', 'CharDevice', '/dev/null', undefined],
      ['char-bad', 'CharDevice', join(hostDir, 'file'), 'is not a character device'],
      ['block-bad', 'BlockDevice', '/dev/null', 'is not a block device'],
      ...(block ? [['block-ok', 'BlockDevice', block, undefined] as [string, string, string, undefined]] : []),
    ];
    const volumes = cases.map(([name, type, path]) => `  - name: ${name}\n    hostPath: { path: ${JSON.stringify(path)}, type: ${JSON.stringify(type)} }`).join('\n');
    const containers = cases
      .map(([name]) => `  - name: ${name}\n    image: ${BUSYBOX}\n    command: ["sh", "-c", "${FOREVER}"]\n    volumeMounts: [{ name: ${name}, mountPath: /mnt/v }]`)
      .join('\n');
    await agent.writeManifest('hostpaths.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: hostpaths
spec:
  terminationGracePeriodSeconds: 1
  volumes:
${volumes}
  containers:
${containers}
`);
    const pod = await agent.waitFor(() => getPod(agent, 'hostpaths'), {
      until: (p) => cases.every(([name, , , error]) => {
        const s = p?.status.containerStatuses.find((x) => x.name === name);
        return error ? s?.state.waiting?.reason === 'CreateContainerConfigError' : !!s?.state.running;
      }),
      timeoutMs: 180_000,
      what: 'each hostPath container running or refused',
    });
    for (const [name, , path, error] of cases) {
      if (!error) continue;
      expect(pod!.status.containerStatuses.find((x) => x.name === name)!.state.waiting!.message).toBe(
        `MountVolume.SetUp failed for volume "${name}" : hostPath type check failed: ${path} ${error}`,
      );
    }
    expect((await stat(join(hostDir, 'new', 'deep'))).mode & 0o777).toBe(0o755);
    expect((await stat(join(hostDir, 'created.txt'))).mode & 0o777).toBe(0o644);
    expect((await stat(join(hostDir, 'made-by-docker'))).isDirectory()).toBe(true);
    expect(await dockerExec(await runningId(agent, 'hostpaths', 'file-ok'), ['cat', '/mnt/v'])).toBe('host file\n');
    await agent.removeManifest('hostpaths.yaml');
  });

  it('mounts subPath and subPathExpr (created when missing), honours readOnly, and refuses a subPath that escapes through a symlink', async () => {
    await mkdir(join(hostDir, 'data'), { recursive: true });
    await symlink('/etc', join(hostDir, 'data', 'escape'));
    await agent.writeManifest('subpaths.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: subpaths
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: work
    emptyDir: {}
  - name: data
    hostPath: { path: ${JSON.stringify(join(hostDir, 'data'))}, type: Directory }
  containers:
  - name: app
    image: ${BUSYBOX}
    env: [{ name: POD_NAME, value: subpaths }]
    command: ["sh", "-c", "echo nested > /nested/f; echo expr > /expr/f; ${FOREVER}"]
    volumeMounts:
    - { name: work, mountPath: /nested, subPath: a/b }
    - { name: work, mountPath: /expr, subPathExpr: "logs/$(POD_NAME)" }
    - { name: work, mountPath: /ro, readOnly: true }
  - name: escaper
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    volumeMounts: [{ name: data, mountPath: /data, subPath: escape }]
  - name: missing-var
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    volumeMounts: [{ name: work, mountPath: /x, subPathExpr: "$(NOT_SET)" }]
`);
    const pod = await agent.waitFor(() => getPod(agent, 'subpaths'), {
      until: (p) =>
        !!p?.status.containerStatuses.find((s) => s.name === 'app')?.state.running &&
        p.status.containerStatuses.filter((s) => s.state.waiting?.reason === 'CreateContainerConfigError').length === 2,
      timeoutMs: SLOW,
      what: 'app running, escaper and missing-var refused',
    });
    const dir = emptyDirOf(agent, pod!.metadata.uid, 'work');
    await agent.waitFor(() => readFile(join(dir, 'logs', 'subpaths', 'f'), 'utf8'), { until: (t) => t === 'expr\n', what: 'subPathExpr file' });
    expect(await readFile(join(dir, 'a', 'b', 'f'), 'utf8')).toBe('nested\n');
    expect((await stat(join(dir, 'a', 'b'))).mode & 0o777).toBe(0o777);
    const app = await runningId(agent, 'subpaths', 'app');
    expect(await dockerExec(app, ['sh', '-c', 'touch /ro/x 2>&1; echo rc=$?'])).toMatch(/Read-only file system[\s\S]*rc=1/);
    const statuses = new Map(pod!.status.containerStatuses.map((s) => [s.name, s.state.waiting?.message ?? '']));
    expect(statuses.get('escaper')).toMatch(/^failed to prepare subPath for volumeMount "data" at \/data of container "escaper": subPath "escape" resolves to \/etc, outside its volume$/);
    expect(statuses.get('missing-var')).toBe('failed to prepare subPath for volumeMount "work" at /x of container "missing-var": missing value for NOT_SET');
    expect(existsSync('/etc/escape')).toBe(false);
    await agent.removeManifest('subpaths.yaml');
  });

  it('refuses a subPath with .. when the manifest is read', async () => {
    const file = join(hostDir, 'dotdot.yaml');
    await writeFile(file, `
apiVersion: v1
kind: Pod
metadata: { name: dotdot }
spec:
  volumes: [{ name: v, emptyDir: {} }]
  containers:
  - name: app
    image: ${BUSYBOX}
    volumeMounts: [{ name: v, mountPath: /v, subPath: "../../etc" }]
`);
    const result = await agent.cli(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`spec.containers[0].volumeMounts[0].subPath: invalid value "../../etc": must not contain '..'`);
  });

  it('maps mountPropagation to bind propagation: host mounts reach a HostToContainer mount, a privileged Bidirectional mount reaches the host', async () => {
    const shared = join(hostDir, 'shared');
    await mkdir(shared);
    // Propagation needs the host side to be a shared mount (systemd makes / shared; this host may not).
    await run('mount', ['--bind', shared, shared]);
    await run('mount', ['--make-shared', shared]);
    await agent.writeManifest('propagation.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: propagation
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: shared
    hostPath: { path: ${JSON.stringify(shared)}, type: Directory }
  containers:
  - name: slave
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    volumeMounts: [{ name: shared, mountPath: /shared, mountPropagation: HostToContainer }]
  - name: bidi
    image: ${BUSYBOX}
    securityContext: { privileged: true }
    command: ["sh", "-c", "mkdir -p /shared/from-pod && mount -t tmpfs tmpfs /shared/from-pod && ${FOREVER}"]
    volumeMounts: [{ name: shared, mountPath: /shared, mountPropagation: Bidirectional }]
`);
    // The privileged container runs where the engine can grant every capability; this one may not
    // (a nested dockerd without CAP_SYS_RESOURCE): then the start fails with the engine's reason.
    // A refused start leaves an exited instance (ContainerCannotRun, the engine's message); the
    // waiting reason then alternates between RunContainerError and CrashLoopBackOff.
    const cannotRun = (c: ContainerStatus | undefined) =>
      [c?.state.terminated, c?.lastState.terminated].find((t) => t?.reason === 'ContainerCannotRun');
    const pod = await agent.waitFor(() => getPod(agent, 'propagation'), {
      until: (p) => {
        const byName = new Map(p?.status.containerStatuses.map((c) => [c.name, c]));
        const bidi = byName.get('bidi');
        return !!byName.get('slave')?.state.running && (!!bidi?.state.running || !!cannotRun(bidi));
      },
      timeoutMs: SLOW,
      what: 'slave running, bidi running or refused by the engine',
    });
    const slave = await runningId(agent, 'propagation', 'slave');
    expect((await inspect(slave))!.Mounts.find((m) => m.Destination === '/shared')!.Propagation).toBe('rslave');
    // The newest instance: a refused one is started again and the older ones collected meanwhile
    // (seen in CI: the instance listed was gone before its inspect).
    const bidi = await agent.waitFor(async () => {
      const instances = (await podContainers(agent.nodeName, 'propagation')).filter((c) => c.Labels['io.kubernetes.container.name'] === 'bidi');
      const newest = instances.sort((a, b) => b.Created - a.Created)[0];
      return newest ? inspect(newest.Id) : undefined;
    }, { what: 'the bidi container inspected' });
    expect(bidi.HostConfig.Privileged).toBe(true);
    expect(bidi.HostConfig.Binds).toContain(`${shared}:/shared:rshared`);

    await mkdir(join(shared, 'from-host'));
    await run('mount', ['-t', 'tmpfs', 'tmpfs', join(shared, 'from-host')]);
    await agent.waitFor(() => dockerExec(slave, ['mount']), { until: (m) => m.includes('/shared/from-host'), what: 'host mount visible in the HostToContainer container' });
    const bidiStatus = pod!.status.containerStatuses.find((c) => c.name === 'bidi')!;
    if (bidiStatus.state.running) {
      await agent.waitFor(() => mountsUnder(join(shared, 'from-pod')), { until: (m) => m.length > 0, what: 'pod mount visible on the host' });
    } else {
      expect(cannotRun(bidiStatus)!.message).toMatch(/operation not permitted|caps/);
    }
    await agent.removeManifest('propagation.yaml');
    await agent.waitFor(async () => (await getPod(agent, 'propagation')) === undefined, { timeoutMs: SLOW, what: 'propagation pod removed' });
  });
});
