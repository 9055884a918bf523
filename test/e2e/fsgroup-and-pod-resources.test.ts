import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { inspect } from '../helpers/docker.js';
import { CGROUP_V2, emptyDirOf, hostCgroupFile, readTrimmed, removeAllPods } from './host-state.js';
import { BUSYBOX, dockerExec, getPod, podContainers, waitForRunning } from './pod-helpers.js';

const FOREVER = `trap 'exit 0' TERM; while true; do sleep 1; done`;
const SLOW = 120_000;
const Mi = 2 ** 20;

async function runningContainer(agent: AgentHarness, podName: string, name: string) {
  const c = (await podContainers(agent.nodeName, podName)).find((x) => x.Labels['io.kubernetes.container.name'] === name && x.State === 'running');
  if (!c) throw new Error(`no running ${name} container in pod ${podName}`);
  return (await inspect(c.Id))!;
}

/** The `size=` of the tmpfs mounted on `dir`, in bytes, from the host's mount table. */
async function tmpfsSize(dir: string): Promise<number | undefined> {
  const line = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').find((l) => l.split(' ')[4] === dir);
  const size = /(?:^|,)size=(\d+)k(?:,|$)/.exec(line?.split(' - ')[1]?.split(' ')[2] ?? '')?.[1];
  return size === undefined ? undefined : Number(size) * 1024;
}

// Generous per-test time: these run beside other engine suites on a small, loaded machine.
describe('fsGroup and pod-level resources (real engine)', { timeout: 300_000 }, () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent();
  });
  afterAll(async () => {
    await removeAllPods(agent);
    await agent?.cleanup();
  });

  it('group-owns disk and Memory emptyDirs by fsGroup with setgid, and runs every container with fsGroup as a supplementary group', async () => {
    await agent.writeManifest('shared.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  terminationGracePeriodSeconds: 1
  securityContext:
    runAsUser: 1000
    fsGroup: 2000
    fsGroupChangePolicy: OnRootMismatch
  volumes:
  - name: data
    emptyDir: {}
  - name: mem
    emptyDir: { medium: Memory, sizeLimit: 16Mi }
  initContainers:
  - name: init
    image: ${BUSYBOX}
    command: ["sh", "-c", "id -G > /data/init-groups && echo from-init > /mem/init"]
    volumeMounts: [{ name: data, mountPath: /data }, { name: mem, mountPath: /mem }]
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo hello > /data/out && mkdir /data/sub && echo hi > /mem/out && ${FOREVER}"]
    volumeMounts: [{ name: data, mountPath: /data }, { name: mem, mountPath: /mem }]
`);
    const pod = await waitForRunning(agent, 'shared', SLOW);
    const app = await runningContainer(agent, 'shared', 'app');
    expect(app.HostConfig.GroupAdd).toEqual(['2000']);
    expect(app.Config.User).toBe('1000');

    // From inside: the user, its groups, and the mounts as the container sees them.
    const inside = async (cmd: string) => (await dockerExec(app.Id, ['sh', '-c', cmd])).trim();
    expect((await inside('id -u')).split(/\s+/)).toEqual(['1000']);
    expect((await inside('id -G')).split(/\s+/)).toContain('2000');
    expect(await inside('stat -c "%a %g" /data')).toBe('2777 2000');
    expect(await inside('stat -c "%a %g" /mem')).toBe('3777 2000');
    expect(await inside('stat -c "%u %g" /data/out /data/sub /mem/out /mem/init')).toBe('1000 2000\n1000 2000\n1000 2000\n1000 2000');
    expect(await inside('stat -c "%a" /data/sub')).toMatch(/^2\d{3}$/);
    expect(await inside('cat /data/init-groups')).toContain('2000');

    // On the host: the same ownership on the directories the agent set up.
    const data = emptyDirOf(agent, pod.metadata.uid, 'data');
    const mem = emptyDirOf(agent, pod.metadata.uid, 'mem');
    for (const [dir, mode] of [[data, 0o2777], [mem, 0o3777]] as const) {
      const info = await stat(dir);
      expect({ gid: info.gid, mode: (info.mode & 0o7777).toString(8) }).toEqual({ gid: 2000, mode: mode.toString(8) });
    }
    const out = await stat(join(data, 'out'));
    expect({ uid: out.uid, gid: out.gid }).toEqual({ uid: 1000, gid: 2000 });
    expect(await tmpfsSize(mem)).toBe(16 * Mi);
  });

  it('holds the pod cgroup to pod-level limits, gives containers without limits the pod\'s, sizes a Memory emptyDir by the pod limit', async () => {
    await agent.writeManifest('pod-level.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: pod-level
spec:
  terminationGracePeriodSeconds: 1
  resources:
    requests: { cpu: 250m, memory: 32Mi }
    limits: { cpu: "1", memory: 128Mi }
  volumes:
  - name: mem
    emptyDir: { medium: Memory }
  containers:
  - name: own
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    resources:
      limits: { memory: 64Mi }
      requests: { cpu: 100m, memory: 16Mi }
  - name: shared
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    volumeMounts: [{ name: mem, mountPath: /mem }]
`);
    const pod = await waitForRunning(agent, 'pod-level', SLOW);
    expect(pod.status.qosClass).toBe('Burstable');
    const parent = `/kubepods/burstable/pod${pod.metadata.uid}`;

    // The pod cgroup: shares from the pod-level request, quota and memory from the pod-level limits.
    expect(await readTrimmed(hostCgroupFile('memory', parent, 'memory.limit_in_bytes', 'memory.max'))).toBe(String(128 * Mi));
    if (CGROUP_V2) {
      expect(await readTrimmed(hostCgroupFile('cpu', parent, '', 'cpu.max'))).toBe('100000 100000');
    } else {
      expect(await readTrimmed(hostCgroupFile('cpu', parent, 'cpu.shares', ''))).toBe('256');
      expect(await readTrimmed(hostCgroupFile('cpu', parent, 'cpu.cfs_quota_us', ''))).toBe('100000');
    }

    // Each container: its own limit where it sets one, the pod's where it does not (kubelet getMemoryLimit / getCPULimit).
    const own = await runningContainer(agent, 'pod-level', 'own');
    const shared = await runningContainer(agent, 'pod-level', 'shared');
    expect(own.HostConfig).toMatchObject({ CgroupParent: parent, Memory: 64 * Mi, CpuQuota: 100000, CpuShares: 102 });
    expect(shared.HostConfig).toMatchObject({ CgroupParent: parent, Memory: 128 * Mi, CpuQuota: 100000, CpuShares: 1024 });
    const memoryFile = CGROUP_V2 ? '/sys/fs/cgroup/memory.max' : '/sys/fs/cgroup/memory/memory.limit_in_bytes';
    expect((await dockerExec(shared.Id, ['cat', memoryFile])).trim()).toBe(String(128 * Mi));

    // calculateEmptyDirMemorySize: the pod's memory limit, though one container has none of its own.
    expect(await tmpfsSize(emptyDirOf(agent, pod.metadata.uid, 'mem'))).toBe(128 * Mi);
    expect((await dockerExec(shared.Id, ['sh', '-c', 'df -k /mem | tail -1'])).trim()).toMatch(/^tmpfs\s+131072\s/);
  });

  it('runs a pod with only pod-level limits as Guaranteed, under kubepods directly', async () => {
    await agent.writeManifest('guaranteed.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: guaranteed
spec:
  terminationGracePeriodSeconds: 1
  resources:
    limits: { cpu: 500m, memory: 64Mi }
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
`);
    const pod = await waitForRunning(agent, 'guaranteed', SLOW);
    expect(pod.status.qosClass).toBe('Guaranteed');
    expect(pod.spec.resources).toEqual({ limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '500m', memory: '64Mi' } });
    const parent = `/kubepods/pod${pod.metadata.uid}`;
    expect(await readTrimmed(hostCgroupFile('memory', parent, 'memory.limit_in_bytes', 'memory.max'))).toBe(String(64 * Mi));
    const app = await runningContainer(agent, 'guaranteed', 'app');
    expect(app.HostConfig).toMatchObject({ CgroupParent: parent, Memory: 64 * Mi, CpuQuota: 50000, CpuShares: 512 });
  });

  it('admits or refuses a pod by its pod-level requests, not by its containers\' sum', async () => {
    await agent.writeManifest('hungry.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: hungry
spec:
  terminationGracePeriodSeconds: 1
  resources:
    requests: { cpu: "64" }
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "${FOREVER}"]
    resources:
      requests: { cpu: 10m }
`);
    const refused = await agent.waitFor(() => getPod(agent, 'hungry'), { until: (p) => p?.status.phase === 'Failed', timeoutMs: SLOW, what: 'hungry refused' });
    expect(refused!.status.reason).toBe('OutOfcpu');
    expect(refused!.status.message).toMatch(/^Node didn't have enough resource: cpu, requested: 64000, used: \d+, capacity: \d+$/);
    expect(await podContainers(agent.nodeName, 'hungry')).toHaveLength(0);
    // The pods admitted before count by their pod-level requests too: 250m + 500m.
    expect(refused!.status.message).toMatch(/used: 750,/);
    const described = (await agent.cli(['describe', 'node', agent.nodeName])).stdout;
    expect(described).toMatch(/default\s+pod-level\s+250m \(\d+%\)\s+1 \(\d+%\)\s+32Mi \(\d+%\)\s+128Mi \(\d+%\)/);
  });
});
