import { describe, expect, it } from 'vitest';
import { applyPodDefaults } from '../api/defaults.js';
import type { Container } from '../api/pod-types.js';
import { makeContainerResources } from './container-resources.js';

/** A container as the API defaults it (requests default to limits). */
function container(resources: { limits?: Record<string, string>; requests?: Record<string, string> }): Container {
  return applyPodDefaults({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'x', resources }] } }).spec.containers[0]!;
}

describe('makeContainerResources (kubelet calculateLinuxResources → Docker HostConfig)', () => {
  it.each([
    [
      'the issue example: requests 250m/64Mi, limits 500m/128Mi',
      { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      { cpuShares: 256, cpuPeriod: 100000, cpuQuota: 50000, memory: 134217728, memorySwap: 134217728 },
    ],
    ['no resources (BestEffort): minimum shares, no quota, no memory limit', {}, { cpuShares: 2, cpuPeriod: 100000, cpuQuota: 0 }],
    ['limits only: the request defaults to the limit', { limits: { cpu: '1', memory: '1Gi' } }, { cpuShares: 1024, cpuPeriod: 100000, cpuQuota: 100000, memory: 1073741824, memorySwap: 1073741824 }],
    ['a cpu request only: shares, no quota', { requests: { cpu: '100m' } }, { cpuShares: 102, cpuPeriod: 100000, cpuQuota: 0 }],
    ['a tiny cpu limit: quota raised to 1000', { limits: { cpu: '5m' } }, { cpuShares: 5, cpuPeriod: 100000, cpuQuota: 1000 }],
    ['a zero cpu request with a limit: shares from the limit', { requests: { cpu: '0' }, limits: { cpu: '2' } }, { cpuShares: 2048, cpuPeriod: 100000, cpuQuota: 200000 }],
    ['a memory request only sets no cgroup value', { requests: { memory: '64Mi' } }, { cpuShares: 2, cpuPeriod: 100000, cpuQuota: 0 }],
    ['decimal memory (1G) and cpu as a fraction (0.5)', { limits: { cpu: '0.5', memory: '1G' } }, { cpuShares: 512, cpuPeriod: 100000, cpuQuota: 50000, memory: 1e9, memorySwap: 1e9 }],
    ['exponent form (1e3 cpu = 1000 cores is clamped)', { limits: { cpu: '1e3' } }, { cpuShares: 262144, cpuPeriod: 100000, cpuQuota: 100000000 }],
    ['memory in milli-bytes rounds up to whole bytes', { limits: { memory: '500m' } }, { cpuShares: 2, cpuPeriod: 100000, cpuQuota: 0, memory: 1, memorySwap: 1 }],
  ])('%s', (_name, resources, expected) => {
    expect(makeContainerResources(container(resources))).toEqual(expected);
  });
});
