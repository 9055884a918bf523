import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeContainer, makePod, POD_UID } from '../status/testing/fixtures.js';
import { PodCgroups } from './pod-cgroups.js';
import { SystemdSlices } from './systemd-slices.js';

/** A cgroup mount point stand-in: plain directories and files, as cgroupfs looks to the agent. */
describe('PodCgroups (on a stand-in mount point)', () => {
  let root: string;
  const log = pino({ level: 'silent' });
  const pod = makePod({ containers: [makeContainer('app', { resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } })] });
  const read = (p: string) => readFile(path.join(root, p), 'utf8');

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'cgroups-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('names the parent for the driver and writes the pod limits in every v1 hierarchy', async () => {
    const cgroups = new PodCgroups({ layout: { driver: 'cgroupfs', version: 1, mountPoint: root }, podPidsLimit: 100, log });
    expect(cgroups.parentOf(pod)).toBe(`/kubepods/burstable/pod${POD_UID}`);
    await cgroups.ensure(pod);
    const dir = `kubepods/burstable/pod${POD_UID}`;
    expect(await read(`cpu/${dir}/cpu.shares`)).toBe('256');
    expect(await read(`cpu/${dir}/cpu.cfs_quota_us`)).toBe('50000');
    expect(await read(`memory/${dir}/memory.limit_in_bytes`)).toBe('134217728');
    expect(await read(`pids/${dir}/pids.max`)).toBe('100');
  });

  it('writes v2 files in one hierarchy, enabling the controllers on the way down', async () => {
    const cgroups = new PodCgroups({ layout: { driver: 'cgroupfs', version: 2, mountPoint: root }, podPidsLimit: undefined, log });
    await cgroups.ensure(pod);
    const dir = `kubepods/burstable/pod${POD_UID}`;
    expect(await read(`${dir}/cpu.max`)).toBe('50000 100000');
    expect(await read(`${dir}/memory.max`)).toBe('134217728');
    expect(existsSync(path.join(root, dir, 'pids.max'))).toBe(false);
    // A plain file keeps the last write; the real file accumulates "+cpu +memory +pids".
    expect(await read('kubepods/burstable/cgroup.subtree_control')).toBe('+pids');
  });

  it('removes the pod cgroup from every hierarchy, whatever its QoS class was', async () => {
    const cgroups = new PodCgroups({ layout: { driver: 'cgroupfs', version: 1, mountPoint: root }, podPidsLimit: 100, log });
    await cgroups.ensure(pod);
    // Stand-in files would make rmdir fail; empty the pod directories as the kernel's would look.
    for (const c of ['cpu', 'memory', 'pids']) await rm(path.join(root, c, `kubepods/burstable/pod${POD_UID}`), { recursive: true });
    for (const c of ['cpu', 'memory', 'pids']) await mkdir(path.join(root, c, `kubepods/burstable/pod${POD_UID}`));
    await cgroups.remove(POD_UID);
    for (const c of ['cpu', 'memory', 'pids']) expect(existsSync(path.join(root, c, `kubepods/burstable/pod${POD_UID}`))).toBe(false);
    expect(existsSync(path.join(root, 'cpu', 'kubepods', 'burstable'))).toBe(true);
  });

  it('never throws when the hierarchy cannot be written', async () => {
    await writeFile(path.join(root, 'cpu'), 'not a directory');
    const cgroups = new PodCgroups({ layout: { driver: 'cgroupfs', version: 1, mountPoint: root }, podPidsLimit: undefined, log });
    await expect(cgroups.ensure(pod)).resolves.toBeUndefined();
  });

  it('sets memory.oom.group on a started container cgroup on v2 only, and a container already gone is no error', async () => {
    const v2 = new PodCgroups({ layout: { driver: 'systemd', version: 2, mountPoint: root }, podPidsLimit: undefined, log });
    const scope = `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_UID.replaceAll('-', '_')}.slice/docker-abc.scope`;
    await mkdir(path.join(root, scope), { recursive: true });
    await v2.setOomGroup(pod, 'abc');
    expect(await read(`${scope}/memory.oom.group`)).toBe('1');
    await expect(v2.setOomGroup(pod, 'gone')).resolves.toBeUndefined();

    const v1 = new PodCgroups({ layout: { driver: 'cgroupfs', version: 1, mountPoint: root }, podPidsLimit: undefined, log });
    await mkdir(path.join(root, `kubepods/burstable/pod${POD_UID}/abc`), { recursive: true });
    await v1.setOomGroup(pod, 'abc');
    expect(existsSync(path.join(root, `kubepods/burstable/pod${POD_UID}/abc/memory.oom.group`))).toBe(false);
  });

  describe('with the systemd driver (a stand-in busctl that logs its calls)', () => {
    const ESCAPED = POD_UID.replaceAll('-', '_');
    const POD_SLICE = `kubepods-burstable-pod${ESCAPED}.slice`;
    /** Answers like systemd: a unit named in `exists` exists already; `down` makes every call fail. */
    const fakeBusctl = async () => {
      const script = path.join(root, 'busctl');
      await writeFile(
        script,
        `#!/bin/sh
[ -f "${root}/down" ] && { echo "Failed to connect to bus: No such file or directory" >&2; exit 1; }
echo "$*" >>"${root}/calls"
case "$*" in
  *StartTransientUnit*) grep -qx "$7" "${root}/exists" 2>/dev/null && { echo "Call failed: Unit $7 was already loaded or has a fragment file." >&2; exit 1; } ;;
  *StopUnit*) grep -qx "$7" "${root}/exists" 2>/dev/null || { echo "Call failed: Unit $7 not loaded." >&2; exit 1; } ;;
esac
exit 0
`,
        { mode: 0o755 },
      );
      return script;
    };
    const calls = async () => (await readFile(path.join(root, 'calls'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
    const systemd = async (version: 1 | 2 = 2) =>
      new PodCgroups({ layout: { driver: 'systemd', version, mountPoint: root }, podPidsLimit: 10, log, slices: new SystemdSlices(await fakeBusctl()) });

    it('names the slice as the kubelet does and starts the chain of slices, the pod one with its limits', async () => {
      const cgroups = await systemd();
      expect(cgroups.parentOf(pod)).toBe(POD_SLICE);
      await cgroups.checkHost();
      await cgroups.ensure(pod);
      const started = (await calls()).filter((c) => c.includes('StartTransientUnit')).map((c) => c.split(' ')[6]);
      expect(started).toEqual(['kubepods.slice', 'kubepods-burstable.slice', POD_SLICE]);
      expect((await calls()).at(-1)).toContain(
        `${POD_SLICE} replace 10 Description s minikubelet pod cgroup (Burstable) DefaultDependencies b false CPUAccounting b true MemoryAccounting b true TasksAccounting b true CPUWeight t 10 CPUQuotaPerSecUSec t 500000 CPUQuotaPeriodUSec t 100000 MemoryMax t 134217728 TasksMax t 10 0`,
      );
    });

    it('adopts slices that exist (an agent restarted under its pods): the parents are kept, the pod slice gets its limits again', async () => {
      await writeFile(path.join(root, 'exists'), `kubepods.slice\nkubepods-burstable.slice\n${POD_SLICE}\n`);
      const cgroups = await systemd();
      await cgroups.ensure(pod);
      const methods = (await calls()).map((c) => `${c.split(' ')[4]} ${c.split(' ')[6]}`);
      expect(methods).toEqual([
        'StartTransientUnit kubepods.slice',
        'StartTransientUnit kubepods-burstable.slice',
        `StartTransientUnit ${POD_SLICE}`,
        `SetUnitProperties ${POD_SLICE}`,
      ]);
    });

    it('stops the pod slice on removal, whatever its QoS class was, and a slice already gone is no error', async () => {
      await writeFile(path.join(root, 'exists'), `${POD_SLICE}\n`);
      const cgroups = await systemd();
      await expect(cgroups.remove(POD_UID)).resolves.toBeUndefined();
      expect((await calls()).map((c) => `${c.split(' ')[4]} ${c.split(' ')[6]}`)).toEqual([
        `StopUnit kubepods-pod${ESCAPED}.slice`,
        `StopUnit ${POD_SLICE}`,
        `StopUnit kubepods-besteffort-pod${ESCAPED}.slice`,
      ]);
    });

    it('uses the v1 property names on a hybrid host', async () => {
      const cgroups = await systemd(1);
      await cgroups.ensure(pod);
      expect((await calls()).at(-1)).toMatch(/CPUShares t 256 .*MemoryLimit t 134217728/);
    });

    it('says once at start when systemd does not answer, and then asks it nothing', async () => {
      await writeFile(path.join(root, 'down'), '');
      const lines: string[] = [];
      const capture = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const cgroups = new PodCgroups({ layout: { driver: 'systemd', version: 2, mountPoint: root }, podPidsLimit: undefined, log: capture, slices: new SystemdSlices(await fakeBusctl()) });
      await cgroups.checkHost();
      await cgroups.ensure(pod);
      await cgroups.remove(POD_UID);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('systemd does not answer on the bus');
      expect(lines[0]).toContain('Failed to connect to bus');
      expect(await calls()).toEqual([]);
    });
  });
});
