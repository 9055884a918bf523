import { describe, expect, it } from 'vitest';
import { parseFlatKeyed } from './cgroup-usage.js';
import { cgroupCounterFiles } from './process-cgroup.js';

const ID = '2dc279cbf11c';

describe('a process\'s cgroup counter files', () => {
  it('takes the v1 cpuacct and memory hierarchies on a v1 or hybrid host', () => {
    const text = `9:name=systemd:/\n4:memory:/docker/${ID}\n2:cpu,cpuacct:/docker/${ID}\n0::/docker/${ID}\n`;
    expect(cgroupCounterFiles(text)).toEqual({
      version: 1,
      cpuUsage: `/sys/fs/cgroup/cpuacct/docker/${ID}/cpuacct.usage`,
      memoryUsage: `/sys/fs/cgroup/memory/docker/${ID}/memory.usage_in_bytes`,
      memoryStat: `/sys/fs/cgroup/memory/docker/${ID}/memory.stat`,
    });
  });

  it('takes the unified cgroup on a v2 host', () => {
    expect(cgroupCounterFiles('0::/kubepods.slice/kubepods-pod1.slice/docker-abc.scope\n', '/host/cgroup')).toEqual({
      version: 2,
      cpuStat: '/host/cgroup/kubepods.slice/kubepods-pod1.slice/docker-abc.scope/cpu.stat',
      memoryCurrent: '/host/cgroup/kubepods.slice/kubepods-pod1.slice/docker-abc.scope/memory.current',
      memoryStat: '/host/cgroup/kubepods.slice/kubepods-pod1.slice/docker-abc.scope/memory.stat',
    });
  });

  it.each([
    ['a path outside this cgroup namespace', '0::/../../kubepods/abc\n'],
    ['v1 without the memory hierarchy', '2:cpu,cpuacct:/docker/abc\n'],
    ['nothing', ''],
  ])('has none for %s', (_what, text) => {
    expect(cgroupCounterFiles(text)).toBeUndefined();
  });

  it('reads flat keyed files', () => {
    expect(Object.fromEntries(parseFlatKeyed('usage_usec 1200\nuser_usec 1000\nbad line\n\n'))).toEqual({ usage_usec: 1200, user_usec: 1000 });
  });
});
