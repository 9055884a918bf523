import { describe, expect, it } from 'vitest';
import type { CreateContainerSpec } from '../types.js';
import { makeCreateOptions } from './make-create-options.js';

const base: CreateContainerSpec = {
  name: 'k8s_app_web_default_uid_0', image: 'busybox', labels: {}, env: [], networkMode: 'container:s', ipcMode: 'container:s',
  portBindings: [], mounts: [], tty: false, openStdin: false, stdinOnce: false,
};

describe('makeCreateOptions: cgroups, security, namespaces, mounts', () => {
  it('maps the cgroup values as cri-dockerd does: MemorySwap = Memory, the period always with the quota', () => {
    const options = makeCreateOptions({
      ...base, cpuShares: 256, oomScoreAdj: 997, cgroupParent: '/kubepods/burstable/podu',
      limits: { cpuQuota: 50000, cpuPeriod: 100000, memory: 134217728, memorySwap: 134217728, pidsLimit: 64 },
    });
    expect(options.HostConfig).toMatchObject({
      CpuShares: 256, CpuQuota: 50000, CpuPeriod: 100000, Memory: 134217728, MemorySwap: 134217728, PidsLimit: 64,
      OomScoreAdj: 997, CgroupParent: '/kubepods/burstable/podu',
    });
  });

  it('runs the container on the RuntimeClass handler when there is one, on the engine default otherwise', () => {
    expect(makeCreateOptions({ ...base, runtime: 'crun' }).HostConfig).toMatchObject({ Runtime: 'crun' });
    expect(makeCreateOptions(base).HostConfig).not.toHaveProperty('Runtime');
  });

  it('leaves memory unset without a memory limit', () => {
    const host = makeCreateOptions({ ...base, cpuShares: 2, limits: { cpuQuota: 0, cpuPeriod: 100000 } }).HostConfig!;
    expect(host).toMatchObject({ CpuShares: 2, CpuQuota: 0, CpuPeriod: 100000 });
    expect(host).not.toHaveProperty('Memory');
    expect(host).not.toHaveProperty('MemorySwap');
  });

  it('maps the security options and the PID namespace', () => {
    const options = makeCreateOptions({
      ...base, pidMode: 'container:s',
      security: { user: '1000:3000', groupAdd: ['4000'], privileged: true, readonlyRootfs: true, capAdd: ['NET_ADMIN'], capDrop: ['ALL'], securityOpt: ['no-new-privileges'] },
    });
    expect(options.User).toBe('1000:3000');
    expect(options.HostConfig).toMatchObject({
      PidMode: 'container:s', GroupAdd: ['4000'], Privileged: true, ReadonlyRootfs: true, CapAdd: ['NET_ADMIN'], CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'],
    });
  });

  it('writes binds with read-only and propagation options', () => {
    const options = makeCreateOptions({
      ...base,
      mounts: [
        { source: '/a', target: '/a', readOnly: false },
        { source: '/b', target: '/b', readOnly: true },
        { source: '/c', target: '/c', readOnly: true, propagation: 'rslave' },
        { source: '/d', target: '/d', readOnly: false, propagation: 'rshared' },
      ],
    });
    expect(options.HostConfig!.Binds).toEqual(['/a:/a', '/b:/b:ro', '/c:/c:ro,rslave', '/d:/d:rshared']);
  });

  it('maps sysctls, extra hosts and DNS (sandbox settings)', () => {
    const host = makeCreateOptions({
      ...base, networkMode: 'default', ipcMode: 'shareable',
      sysctls: { 'kernel.shm_rmid_forced': '1' }, extraHosts: ['db:10.0.0.1'], dns: { servers: ['1.1.1.1'], searches: ['.'], options: ['ndots:2'] },
    }).HostConfig!;
    expect(host).toMatchObject({ Sysctls: { 'kernel.shm_rmid_forced': '1' }, ExtraHosts: ['db:10.0.0.1'], Dns: ['1.1.1.1'], DnsSearch: ['.'], DnsOptions: ['ndots:2'] });
  });
});
