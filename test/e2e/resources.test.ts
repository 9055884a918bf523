import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { inspect } from '../helpers/docker.js';
import { CGROUP_V2, hostCgroupFile, readTrimmed, removeAllPods } from './host-state.js';
import { BUSYBOX, dockerExec, getPod, podContainers, waitForRunning } from './pod-helpers.js';

const FOREVER = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;
const POD_MAX_PIDS = 64;

function pod(name: string, resources: string, extra = ''): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${FOREVER}
${resources ? `    resources:\n${resources}` : ''}${extra}`;
}

/** The cgroup limits as the container itself sees them (v1 file names, or their v2 equivalents). */
async function limitsFromInside(id: string): Promise<{ shares: string; quota: string; period: string; memory: string; pids: string }> {
  const read = async (file: string) => (await dockerExec(id, ['cat', file])).trim();
  if (CGROUP_V2) {
    const [quota = '', period = ''] = (await read('/sys/fs/cgroup/cpu.max')).split(' ');
    return { shares: await read('/sys/fs/cgroup/cpu.weight'), quota, period, memory: await read('/sys/fs/cgroup/memory.max'), pids: await read('/sys/fs/cgroup/pids.max') };
  }
  return {
    shares: await read('/sys/fs/cgroup/cpu/cpu.shares'),
    quota: await read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'),
    period: await read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'),
    memory: await read('/sys/fs/cgroup/memory/memory.limit_in_bytes'),
    pids: await read('/sys/fs/cgroup/pids/pids.max'),
  };
}

async function containerOf(agent: AgentHarness, podName: string, name: string) {
  const c = (await podContainers(agent.nodeName, podName)).find((x) => x.Labels['io.kubernetes.container.name'] === name && x.State === 'running');
  if (!c) throw new Error(`no running ${name} container in pod ${podName}`);
  return (await inspect(c.Id))!;
}

// Generous per-test time: these run beside other engine suites on a small, loaded machine.
describe('resources: cgroup limits, QoS classes, OOM kills (real engine)', { timeout: 300_000 }, () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1', '--backoff-max-seconds', '2', '--pod-max-pids', String(POD_MAX_PIDS)] });
  });
  afterAll(async () => {
    await removeAllPods(agent);
    await agent?.cleanup();
  });

  it('applies the kubelet formulas to a Burstable pod: read back from docker inspect, from inside, and on the pod cgroup', async () => {
    await agent.writeManifest('burstable.yaml', pod('burstable', '      requests: {cpu: 250m, memory: 64Mi}\n      limits: {cpu: 500m, memory: 128Mi}\n'));
    const running = await waitForRunning(agent, 'burstable', 120_000);
    expect(running.status.qosClass).toBe('Burstable');
    const uid = running.metadata.uid;
    const parent = `/kubepods/burstable/pod${uid}`;

    const app = await containerOf(agent, 'burstable', 'app');
    expect(app.HostConfig).toMatchObject({
      CpuShares: 256, CpuQuota: 50000, CpuPeriod: 100000, Memory: 134217728, MemorySwap: 134217728, CgroupParent: parent, PidsLimit: POD_MAX_PIDS,
    });
    // kubelet qos/policy.go: 1000 − 1000 × request / capacity.
    const expectedOom = 1000 - Math.floor((1000 * 64 * 2 ** 20) / totalmem());
    expect(app.HostConfig.OomScoreAdj).toBe(expectedOom);
    expect((await dockerExec(app.Id, ['cat', '/proc/1/oom_score_adj'])).trim()).toBe(String(expectedOom));

    const inside = await limitsFromInside(app.Id);
    expect(inside).toEqual(
      CGROUP_V2
        ? { shares: '10', quota: '50000', period: '100000', memory: '134217728', pids: String(POD_MAX_PIDS) }
        : { shares: '256', quota: '50000', period: '100000', memory: '134217728', pids: String(POD_MAX_PIDS) },
    );

    // The pause container sits in the same pod cgroup, and the pod cgroup carries the pod's limits.
    const sandbox = await containerOf(agent, 'burstable', 'POD');
    expect(sandbox.HostConfig.CgroupParent).toBe(parent);
    expect(sandbox.HostConfig.CpuShares).toBe(2);
    expect(await readTrimmed(hostCgroupFile('memory', parent, 'memory.limit_in_bytes', 'memory.max'))).toBe('134217728');
    expect(await readTrimmed(hostCgroupFile('pids', parent, 'pids.max', 'pids.max'))).toBe(String(POD_MAX_PIDS));
    if (!CGROUP_V2) {
      expect(await readTrimmed(hostCgroupFile('cpu', parent, 'cpu.shares', ''))).toBe('256');
      expect(await readTrimmed(hostCgroupFile('cpu', parent, 'cpu.cfs_quota_us', ''))).toBe('50000');
    }
  });

  it('runs a limits-only pod as Guaranteed, under kubepods directly, with requests defaulted to limits', async () => {
    await agent.writeManifest('guaranteed.yaml', pod('guaranteed', '      limits: {cpu: "1", memory: 64Mi}\n'));
    const running = await waitForRunning(agent, 'guaranteed', 120_000);
    expect(running.status.qosClass).toBe('Guaranteed');
    const app = await containerOf(agent, 'guaranteed', 'app');
    expect(app.HostConfig).toMatchObject({ CpuShares: 1024, CpuQuota: 100000, CpuPeriod: 100000, Memory: 67108864, MemorySwap: 67108864 });
    expect(app.HostConfig.CgroupParent).toBe(`/kubepods/pod${running.metadata.uid}`);
    // The kubelet's −997 where the engine can lower OOM scores; this engine may not (then 0, logged at start).
    const canLower = !/cannot lower OOM scores/.test(agent.logs());
    expect(app.HostConfig.OomScoreAdj).toBe(canLower ? -997 : 0);
    expect((await limitsFromInside(app.Id)).memory).toBe('67108864');
  });

  it('runs a pod without resources as BestEffort: minimum shares, no limits, OOM score 1000', async () => {
    await agent.writeManifest('besteffort.yaml', pod('besteffort', ''));
    const running = await waitForRunning(agent, 'besteffort', 120_000);
    expect(running.status.qosClass).toBe('BestEffort');
    const app = await containerOf(agent, 'besteffort', 'app');
    expect(app.HostConfig).toMatchObject({ CpuShares: 2, CpuQuota: 0, Memory: 0, OomScoreAdj: 1000 });
    expect(app.HostConfig.CgroupParent).toBe(`/kubepods/besteffort/pod${running.metadata.uid}`);
    const inside = await limitsFromInside(app.Id);
    expect(inside.shares).toBe(CGROUP_V2 ? '1' : '2');
    expect(inside.quota).toBe(CGROUP_V2 ? 'max' : '-1');
  });

  it('holds the whole pod to --pod-max-pids', async () => {
    await agent.writeManifest('forker.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: forker
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "for i in $(seq 200); do sleep 60 & done; echo all-spawned"]
`);
    const done = await agent.waitFor(() => getPod(agent, 'forker'), { until: (p) => p?.status.phase === 'Failed', timeoutMs: 120_000, what: 'forker Failed' });
    expect(done!.status.containerStatuses[0]!.state.terminated?.exitCode).not.toBe(0);
    const logs = (await agent.cli(['logs', 'forker'])).stdout;
    expect(logs).toMatch(/can't fork/);
    expect(logs).not.toMatch(/all-spawned/);
  });

  it('reports a memory hog as OOMKilled (exit 137), with an event, under restartPolicy Never', async () => {
    await agent.writeManifest('hog.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: hog
spec:
  restartPolicy: Never
  containers:
  - name: hog
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 5; head -c 300m /dev/zero | tail"]
    resources:
      limits: {memory: 32Mi}
`);
    // The engine's OOM notice can come just after the exit (the kernel kills `tail`, and `sh` exits
    // 137): the status shows Error until the `oom` event arrives, then OOMKilled. The hogs wait 5 s
    // first: an OOM in a container's first instants can beat the engine's OOM watch on a loaded
    // machine, and then Docker never reports it (OOMKilled stays false, as the kubelet would see too).
    const failed = await agent.waitFor(() => getPod(agent, 'hog'), {
      until: (p) => p?.status.phase === 'Failed' && p.status.containerStatuses[0]?.state.terminated?.reason === 'OOMKilled',
      timeoutMs: 120_000,
      what: 'hog Failed, OOMKilled',
    });
    const terminated = failed!.status.containerStatuses[0]!.state.terminated!;
    expect(terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect((await agent.cli(['get', 'pods'])).stdout).toMatch(/hog\s+0\/1\s+OOMKilled\s+0/);
    const described = await agent.waitFor(async () => (await agent.cli(['describe', 'pod', 'hog'])).stdout, {
      until: (out) => /OOMKilling/.test(out),
      what: 'OOMKilling event',
    });
    expect(described).toMatch(/Warning\s+OOMKilling\s+.*container hog was killed \(memory limit 32Mi\)/);
  });

  it('restarts an OOM-killed container per restartPolicy, with OOMKilled as its last state', async () => {
    await agent.writeManifest('hog-restart.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: hog-restart
spec:
  restartPolicy: OnFailure
  containers:
  - name: hog
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 5; head -c 300m /dev/zero | tail"]
    resources:
      limits: {memory: 32Mi}
`);
    const pod = await agent.waitFor(() => getPod(agent, 'hog-restart'), {
      until: (p) => (p?.status.containerStatuses[0]?.restartCount ?? 0) >= 1 && p?.status.containerStatuses[0]?.lastState.terminated?.reason === 'OOMKilled',
      timeoutMs: 120_000,
      what: 'hog-restart restarted, last state OOMKilled',
    });
    expect(pod!.status.containerStatuses[0]!.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(pod!.status.phase).toBe('Running');
  });

  it('reports an OOM-killed init container as Init:OOMKilled and fails the pod under restartPolicy Never', async () => {
    await agent.writeManifest('init-hog.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: init-hog
spec:
  restartPolicy: Never
  initContainers:
  - name: hog
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 5; head -c 300m /dev/zero | tail"]
    resources:
      limits: {memory: 32Mi}
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${FOREVER}
`);
    const failed = await agent.waitFor(() => getPod(agent, 'init-hog'), {
      until: (p) => p?.status.phase === 'Failed' && p.status.initContainerStatuses[0]?.state.terminated?.reason === 'OOMKilled',
      timeoutMs: 120_000,
      what: 'init-hog Failed, OOMKilled',
    });
    expect(failed!.status.initContainerStatuses[0]!.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect((await agent.cli(['get', 'pods'])).stdout).toMatch(/init-hog\s+0\/1\s+Init:OOMKilled/);
  });

  it('removes the pod cgroup with the pod', async () => {
    const uid = (await getPod(agent, 'burstable'))!.metadata.uid;
    const dir = CGROUP_V2 ? `/sys/fs/cgroup/kubepods/burstable/pod${uid}` : `/sys/fs/cgroup/memory/kubepods/burstable/pod${uid}`;
    expect(existsSync(dir)).toBe(true);
    await agent.removeManifest('burstable.yaml');
    await agent.waitFor(() => !existsSync(dir) && getPod(agent, 'burstable').then((p) => p === undefined), { what: 'pod cgroup removed' });
    if (!CGROUP_V2) expect(existsSync(`/sys/fs/cgroup/cpu/kubepods/burstable/pod${uid}`)).toBe(false);
  });
});
