import { describe, expect, it } from 'vitest';
import { makePodCgroupFiles } from './pod-cgroup-files.js';

const show = (writes: ReturnType<typeof makePodCgroupFiles>) => writes.map((w) => `${w.controller ? `${w.controller}/` : ''}${w.file}=${w.value}`);

describe('makePodCgroupFiles', () => {
  const burstable = { qos: 'Burstable' as const, cpuShares: 256, cpuQuota: 50000, cpuPeriod: 100000, memory: 134217728 };

  it('writes the v1 files, period before quota, pids only when asked', () => {
    expect(show(makePodCgroupFiles(burstable, undefined, 1))).toEqual([
      'cpu/cpu.shares=256',
      'cpu/cpu.cfs_period_us=100000',
      'cpu/cpu.cfs_quota_us=50000',
      'memory/memory.limit_in_bytes=134217728',
    ]);
    expect(show(makePodCgroupFiles({ qos: 'BestEffort', cpuShares: 2 }, 64, 1))).toEqual(['cpu/cpu.shares=2', 'pids/pids.max=64']);
  });

  it('writes the v2 files: weight from shares, cpu.max as "quota period"', () => {
    expect(show(makePodCgroupFiles(burstable, 100, 2))).toEqual(['cpu.weight=10', 'cpu.max=50000 100000', 'memory.max=134217728', 'pids.max=100']);
    expect(show(makePodCgroupFiles({ qos: 'Burstable', cpuShares: 1024 }, undefined, 2))).toEqual(['cpu.weight=39']);
  });
});
