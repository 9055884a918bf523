import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Guest } from '../helpers/guest.js';
import { OOM_CHILD, reportedOomKills } from '../helpers/oom-events.js';
import { BUSYBOX } from '../e2e/pod-helpers.js';
import { GUEST_CLI, GuestAgent } from './guest-agent.js';
import { prepareGuest } from './guest-setup.js';

const setup = prepareGuest();
const POD_MAX_PIDS = 64;
const FOREVER = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;

function pod(name: string, resources: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
${extra}  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${FOREVER}
${resources ? `    resources:\n${resources}` : ''}`;
}

/** The pod slice's cgroup directory under the systemd driver, as the kubelet names it. */
function sliceDir(qos: 'Guaranteed' | 'Burstable' | 'BestEffort', uid: string): string {
  const escaped = uid.replaceAll('-', '_');
  if (qos === 'Guaranteed') return `/sys/fs/cgroup/kubepods.slice/kubepods-pod${escaped}.slice`;
  const q = qos.toLowerCase();
  return `/sys/fs/cgroup/kubepods.slice/kubepods-${q}.slice/kubepods-${q}-pod${escaped}.slice`;
}

/** Issue 16 §2, §4: pod slices with v2 limit files, QoS placement, OOM, on systemd + cgroup v2. */
describe.skipIf(setup.skip !== undefined)('pod cgroups under the systemd driver on cgroup v2 (guest)', () => {
  let guest: Guest;
  let agent: GuestAgent;
  const limits = async (dir: string) => (await guest.check(`cd ${dir} && echo "$(cat cpu.weight)|$(cat cpu.max)|$(cat memory.max)|$(cat pids.max)"`)).trim();

  beforeAll(async () => {
    guest = await Guest.boot(setup.image ?? '');
    agent = new GuestAgent(guest, '/var/tmp/agent-cgroups');
    await agent.start(['--pod-max-pids', String(POD_MAX_PIDS), '--backoff-initial-seconds', '1', '--relist-seconds', '2']);
  });
  afterAll(async () => {
    await guest?.close();
  });

  it('says at start that it creates pod slices through systemd', async () => {
    expect(await agent.log()).toContain('Creating pod slices under kubepods.slice through systemd');
  });

  it('gives a Burstable pod kubepods-burstable-pod<uid>.slice with the kubelet values in the v2 files, and its containers as children', async () => {
    await agent.writeManifest('burstable.yaml', pod('burstable', '      requests: {cpu: 250m, memory: 64Mi}\n      limits: {cpu: 500m, memory: 128Mi}\n'));
    const running = await agent.waitForPod('burstable');
    expect(running.status.qosClass).toBe('Burstable');
    const dir = sliceDir('Burstable', running.metadata.uid);
    // cpu.weight from 256 shares (runc's conversion), cpu.max from 500m, memory.max from 128Mi, pids.max from --pod-max-pids.
    expect(await limits(dir)).toBe(`10|50000 100000|134217728|${POD_MAX_PIDS}`);
    const parents = await guest.check(
      `docker ps -q --filter label=io.kubernetes.pod.name=burstable | xargs docker inspect --format '{{.HostConfig.CgroupParent}}' | sort -u
ls -d ${dir}/docker-*.scope | wc -l`,
    );
    expect(parents.trim().split('\n')).toEqual([`kubepods-burstable-pod${running.metadata.uid.replaceAll('-', '_')}.slice`, '2']);
    // kubelet 1.28+ on cgroup v2: memory.oom.group = 1 on the app container's cgroup (an OOM kill takes the whole container).
    const oomGroup = await guest.check(`id=$(docker ps -q --no-trunc --filter label=io.kubernetes.pod.name=burstable --filter label=io.kubernetes.container.name=app)
cat ${dir}/docker-$id.scope/memory.oom.group`);
    expect(oomGroup.trim()).toBe('1');
    expect((await guest.check(`systemctl show -p CPUQuotaPerSecUSec,MemoryMax,TasksMax kubepods-burstable-pod${running.metadata.uid.replaceAll('-', '_')}.slice`)).trim().split('\n').sort()).toEqual([
      'CPUQuotaPerSecUSec=500ms', 'MemoryMax=134217728', `TasksMax=${POD_MAX_PIDS}`,
    ]);
  });

  it('puts a Guaranteed pod directly under kubepods.slice and a BestEffort one under kubepods-besteffort.slice', async () => {
    await agent.writeManifest('guaranteed.yaml', pod('guaranteed', '      limits: {cpu: 500m, memory: 128Mi}\n'));
    await agent.writeManifest('besteffort.yaml', pod('besteffort', ''));
    const guaranteed = await agent.waitForPod('guaranteed');
    const besteffort = await agent.waitForPod('besteffort');
    expect([guaranteed.status.qosClass, besteffort.status.qosClass]).toEqual(['Guaranteed', 'BestEffort']);
    expect(await limits(sliceDir('Guaranteed', guaranteed.metadata.uid))).toBe(`20|50000 100000|134217728|${POD_MAX_PIDS}`);
    expect(await limits(sliceDir('BestEffort', besteffort.metadata.uid))).toBe(`1|max 100000|max|${POD_MAX_PIDS}`);
  });

  it('reports a memory hog as OOMKilled (exit 137)', async () => {
    await agent.writeManifest('hog.yaml', `apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  restartPolicy: Never
  containers:
  - name: hog
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 5; head -c 300m /dev/zero | tail"]
    resources:
      limits: {memory: 32Mi}`);
    const failed = await agent.waitForPod('hog', "p.status.phase==='Failed'&&p.status.containerStatuses[0]?.state.terminated?.reason==='OOMKilled'");
    expect(failed.status.containerStatuses[0]?.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('reports each OOM kill of a child that PID 1 survives once, as memory.events counts them, the container running on', async () => {
    // The agent sets memory.oom.group = 1 (the kubelet's default): an OOM takes the whole container.
    // With it off (the kubelet's singleProcessOOMKill), only the child dies: turned off here by hand
    // before the child starts, so that the kill is one Docker may not report.
    await agent.writeManifest('child-oom.yaml', pod('child-oom', '      limits: {memory: 32Mi}\n').replace(FOREVER,
      `["sh", "-c", "while [ ! -f /tmp/go ]; do sleep 0.2; done; ${OOM_CHILD}; echo survived; exec sleep 3600"]`));
    const running = await agent.waitForPod('child-oom');
    const dir = sliceDir('Burstable', running.metadata.uid);
    await guest.check(`id=$(docker ps -q --no-trunc --filter label=io.kubernetes.pod.name=child-oom --filter label=io.kubernetes.container.name=app)
echo 0 > ${dir}/docker-$id.scope/memory.oom.group && docker exec $id touch /tmp/go`);
    await guest.check(`for i in $(seq 1 120); do ${GUEST_CLI} describe pod child-oom --root-dir ${agent.rootDir} | grep -q OOMKilling && exit 0; sleep 1; done; exit 1`, 180_000);
    // Relists every 2 s: a few of them later, the kills reported are those memory.events counted
    // (one, or more of the child's pipeline on a slow guest), PID 1 alive, never restarted.
    await guest.check('sleep 6');
    const described = await guest.check(`${GUEST_CLI} describe pod child-oom --root-dir ${agent.rootDir}`);
    const events = await guest.check(`cat ${dir}/docker-$(docker ps -q --no-trunc --filter label=io.kubernetes.pod.name=child-oom --filter label=io.kubernetes.container.name=app).scope/memory.events`);
    const counted = Number(/^oom_kill (\d+)$/m.exec(events)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(1);
    expect(reportedOomKills(described)).toBe(counted);
    expect(described).toMatch(/Warning\s+OOMKilling\s+\S+\s+\S+\s+Memory cgroup out of memory: (a process|\d processes) of container app (was|were) killed \(memory limit 32Mi\)/);
    const after = await agent.waitForPod('child-oom');
    expect(after.status.containerStatuses[0]).toMatchObject({ restartCount: 0, ready: true });
    expect(await guest.check(`${GUEST_CLI} logs child-oom --root-dir ${agent.rootDir}`)).toContain('survived');
  });

  it('reads the pods and kubepods.slice usage from the v2 files for describe node', async () => {
    const burstable = (await agent.getPods()).find((p) => p.metadata.name === 'burstable');
    const dir = sliceDir('Burstable', burstable?.metadata.uid ?? '');
    // The real v2 files, for the parsers' table (src/cgroups/testing/cgroup-files.ts).
    console.log(await guest.check(`cd ${dir} && for f in memory.current memory.stat cpu.stat memory.events; do echo "== $f"; cat $f; done`));
    const described = await guest.check(`${GUEST_CLI} describe node guest --root-dir ${agent.rootDir}`);
    expect(described).toMatch(/^Resource usage:\n/m);
    expect(described).toMatch(/^ {2}default\s+burstable\s+\d+(Ki|Mi)\s+\d+\.\d\ds$/m);
    expect(described).toMatch(/^ {2}\(all pods\)\s+\d+(Ki|Mi) \(\d+%\)\s+\d+\.\d\ds$/m);
  });

  it('keeps the pods and their slices across an agent restart, and stops a slice when its pod is removed', async () => {
    const before = await agent.getPods();
    const burstable = before.find((p) => p.metadata.name === 'burstable');
    expect(burstable).toBeDefined();
    await agent.stop();
    await agent.start(['--pod-max-pids', String(POD_MAX_PIDS), '--backoff-initial-seconds', '1', '--relist-seconds', '2']);
    const after = await agent.waitForPod('burstable');
    expect(after.metadata.uid).toBe(burstable?.metadata.uid);
    expect(after.status.containerStatuses[0]?.restartCount).toBe(0);
    const dir = sliceDir('Burstable', after.metadata.uid);
    expect(await limits(dir)).toBe(`10|50000 100000|134217728|${POD_MAX_PIDS}`);

    await agent.removeManifest('burstable.yaml');
    await guest.check(`for i in $(seq 1 120); do [ -d ${dir} ] || exit 0; sleep 1; done; echo "${dir} still there"; systemctl status --no-pager ${dir.split('/').at(-1) ?? ''} || true; exit 1`, 180_000);
    expect(await guest.check(`${GUEST_CLI} get pods --root-dir ${agent.rootDir}`)).not.toMatch(/burstable/);
  });
});
