import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { inspect } from '../helpers/docker.js';
import { startEngine, stopEngine } from '../helpers/engine-control.js';
import { CGROUP_V2, emptyDirOf, hostCgroupFile, mountsUnder, readTrimmed } from '../e2e/host-state.js';
import { BUSYBOX, getPod, podContainers, waitForRunning } from '../e2e/pod-helpers.js';

const run = promisify(execFile);

const LIMITS = `resources: { limits: { cpu: 100m, memory: 64Mi } }`;
const MOUNTS = `volumeMounts: [{ name: data, mountPath: /data }, { name: cache, mountPath: /cache }]`;

// The init container counts its runs on disk and leaves a marker in the memory volume; the app
// refuses to run without the marker, so it can only run after this sandbox's init run.
const POD = `
apiVersion: v1
kind: Pod
metadata:
  name: rebooted
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: data
    emptyDir: {}
  - name: cache
    emptyDir: { medium: Memory, sizeLimit: 8Mi }
  initContainers:
  - name: setup
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo init >> /data/runs; echo warm > /cache/marker"]
    ${LIMITS}
    ${MOUNTS}
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "test -f /cache/marker || exit 3; trap 'exit 0' TERM; while true; do sleep 1; done"]
    ${LIMITS}
    ${MOUNTS}
`;

/** What a reboot takes with it besides the processes: tmpfs mounts, /run, the cgroup tree. */
async function wipeVolatileState(agent: AgentHarness, cgroupParent: string): Promise<void> {
  for (const mount of (await mountsUnder(join(agent.rootDir, 'pods'))).reverse()) await run('umount', [mount]);
  for (const entry of await readdir('/run/docker').catch(() => [] as string[])) {
    await rm(join('/run/docker', entry), { recursive: true, force: true }).catch(() => undefined);
  }
  const roots = CGROUP_V2 ? ['/sys/fs/cgroup'] : (await readdir('/sys/fs/cgroup')).map((c) => join('/sys/fs/cgroup', c));
  for (const root of roots) {
    const dir = join(root, cgroupParent);
    if (existsSync(dir)) await run('find', [dir, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']).catch(() => undefined);
  }
}

describe('a host reboot (engine stopped, /run, tmpfs mounts and cgroups wiped, agent killed)', () => {
  const agents: AgentHarness[] = [];
  afterAll(async () => {
    for (const agent of agents.reverse()) await agent.cleanup();
  });

  it('brings the pod back with no operator action: new sandbox, init containers re-run, memory volume and pod cgroup recreated', { timeout: 300_000 }, async () => {
    const first = await startAgent({ extraArgs: ['--relist-seconds', '2', '--backoff-initial-seconds', '1'] });
    agents.push(first);
    await first.writeManifest('rebooted.yaml', POD);
    const before = await waitForRunning(first, 'rebooted');
    const uid = before.metadata.uid;
    const oldSandbox = (await podContainers(first.nodeName, 'rebooted')).find((c) => c.Labels['io.kubernetes.container.name'] === 'POD')!;
    const cgroupParent = (await inspect(oldSandbox.Id))!.HostConfig.CgroupParent!;
    const memoryLimitFile = hostCgroupFile('memory', cgroupParent, 'memory.limit_in_bytes', 'memory.max');
    const podMemoryLimit = await readTrimmed(memoryLimitFile);
    expect(await mountsUnder(emptyDirOf(first, uid, 'cache'))).toHaveLength(1);

    await first.kill();
    await stopEngine();
    await wipeVolatileState(first, cgroupParent);
    expect(await mountsUnder(emptyDirOf(first, uid, 'cache'))).toHaveLength(0);
    expect(existsSync(memoryLimitFile)).toBe(false);
    await startEngine();

    const agent = await startAgent({ manifestDir: first.manifestDir, rootDir: first.rootDir, nodeName: first.nodeName, extraArgs: ['--relist-seconds', '2', '--backoff-initial-seconds', '1'] });
    agents.push(agent);
    const after = await agent.waitFor(() => getPod(agent, 'rebooted'), {
      until: (p) => !!p?.status.containerStatuses[0]?.state.running && p.status.podIP !== undefined,
      timeoutMs: 120_000,
      what: 'rebooted Running after the reboot',
    });
    expect(after!.metadata.uid).toBe(uid);
    // A new sandbox: the init container ran again, in front of the app, into a new tmpfs.
    expect((await readFile(join(emptyDirOf(agent, uid, 'data'), 'runs'), 'utf8')).split('\n').filter((l) => l === 'init')).toHaveLength(2);
    expect(after!.status.initContainerStatuses[0]!.state.terminated?.exitCode).toBe(0);
    expect(await mountsUnder(emptyDirOf(agent, uid, 'cache'))).toHaveLength(1);
    expect(await readTrimmed(memoryLimitFile)).toBe(podMemoryLimit);
    const containers = await podContainers(agent.nodeName, 'rebooted');
    const running = (name: string) => containers.filter((c) => c.Labels['io.kubernetes.container.name'] === name && c.State === 'running');
    expect(running('POD')).toHaveLength(1);
    expect(running('POD')[0]!.Id).not.toBe(oldSandbox.Id);
    expect(running('main')).toHaveLength(1);
  });
});
