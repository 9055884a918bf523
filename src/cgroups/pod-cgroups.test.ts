import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeContainer, makePod, POD_UID } from '../status/testing/fixtures.js';
import { PodCgroups } from './pod-cgroups.js';

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

  it('never throws when the hierarchy cannot be written, and leaves systemd slices alone', async () => {
    await writeFile(path.join(root, 'cpu'), 'not a directory');
    const cgroups = new PodCgroups({ layout: { driver: 'cgroupfs', version: 1, mountPoint: root }, podPidsLimit: undefined, log });
    await expect(cgroups.ensure(pod)).resolves.toBeUndefined();
    const systemd = new PodCgroups({ layout: { driver: 'systemd', version: 2, mountPoint: path.join(root, 'sd') }, podPidsLimit: 10, log });
    expect(systemd.parentOf(pod)).toBe(`kubepods-burstable-pod${POD_UID.replaceAll('-', '_')}.slice`);
    await systemd.ensure(pod);
    expect(existsSync(path.join(root, 'sd'))).toBe(false);
  });
});
