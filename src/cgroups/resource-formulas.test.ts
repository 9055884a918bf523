import { describe, expect, it } from 'vitest';
import { milliCpuToQuota, milliCpuToShares, sharesToCpuWeight } from './resource-formulas.js';

describe('milliCpuToShares (kubelet MilliCPUToShares)', () => {
  it.each([
    [0, 2],
    [1, 2],
    [2, 2],
    [100, 102],
    [250, 256],
    [500, 512],
    [1000, 1024],
    [2500, 2560],
    [256000, 262144],
    [1_000_000, 262144],
  ])('%i m → %i shares', (milli, shares) => {
    expect(milliCpuToShares(milli)).toBe(shares);
  });
});

describe('milliCpuToQuota (kubelet MilliCPUToQuota, period 100000)', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [5, 1000],
    [10, 1000],
    [11, 1100],
    [250, 25000],
    [500, 50000],
    [1000, 100000],
    [2000, 200000],
  ])('%i m → quota %i', (milli, quota) => {
    expect(milliCpuToQuota(milli)).toBe(quota);
  });
});

describe('sharesToCpuWeight (runc, cgroup v2)', () => {
  it.each([
    [0, 0],
    [2, 1],
    [256, 10],
    [1024, 39],
    [262144, 10000],
  ])('%i shares → weight %i', (shares, weight) => {
    expect(sharesToCpuWeight(shares)).toBe(weight);
  });
});
