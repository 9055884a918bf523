import { describe, expect, it } from 'vitest';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import { type DiskStats, diskPressureCondition, thresholdsMet } from './disk-pressure.js';
import { DEFAULT_EVICTION_HARD, DEFAULT_EVICTION_THRESHOLDS, parseEvictionThresholds } from './eviction-thresholds.js';
import { binarySi, diskEvictionMessage, podEphemeralStorageRequest, rankForDiskEviction } from './rank-disk-eviction.js';

const GI = 2 ** 30;
const fs = (capacityGi: number, availableGi: number, inodes = 1000, inodesFree = 500) => ({ capacityBytes: capacityGi * GI, availableBytes: availableGi * GI, inodes, inodesFree });
const thresholds = (text: string) => {
  const parsed = parseEvictionThresholds(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('parseEvictionThresholds (--eviction-hard)', () => {
  it('reads the kubelet defaults, as the option table has them', () => {
    expect(thresholds(DEFAULT_EVICTION_HARD)).toEqual(DEFAULT_EVICTION_THRESHOLDS);
    expect(thresholds(DEFAULT_EVICTION_HARD).map((t) => [t.signal, t.value])).toEqual([
      ['nodefs.available', { percentage: 0.1 }],
      ['nodefs.inodesFree', { percentage: 0.05 }],
      ['imagefs.available', { percentage: 0.15 }],
      ['imagefs.inodesFree', { percentage: 0.05 }],
    ]);
  });
  it('reads quantities and an empty text (no thresholds)', () => {
    expect(thresholds('imagefs.available<1Gi, nodefs.inodesFree<1000').map((t) => t.value)).toEqual([{ quantity: GI }, { quantity: 1000 }]);
    expect(thresholds('')).toEqual([]);
  });
  it.each([
    ['memory.available<100Mi', 'is not a disk eviction signal minikubelet watches'],
    ['nodefs.available>10%', 'is not signal<value'],
    ['nodefs.available<150%', 'a percentage must be from 0% to 100%'],
    ['nodefs.available<lots', 'use a percentage (10%) or a quantity (1Gi)'],
    ['nodefs.inodesFree<1.5', 'an inode count must be a whole number'],
    ['nodefs.available<10%,nodefs.available<5%', 'is given twice'],
  ])('refuses %s, saying why', (text, why) => {
    const parsed = parseEvictionThresholds(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(why);
  });
});

describe('thresholdsMet and the DiskPressure condition', () => {
  const cases: Array<{ it: string; stats: DiskStats; eviction?: string; met: string[] }> = [
    { it: 'no pressure with room on both filesystems', stats: { nodefs: fs(100, 50), imagefs: fs(100, 50) }, met: [] },
    { it: 'nodefs below 10%', stats: { nodefs: fs(100, 9), imagefs: fs(100, 50) }, met: ['nodefs.available'] },
    { it: 'imagefs below 15% (not below 10%)', stats: { nodefs: fs(100, 50), imagefs: fs(100, 12) }, met: ['imagefs.available'] },
    { it: 'exactly at the threshold is not below it', stats: { nodefs: fs(100, 10), imagefs: fs(100, 15) }, met: [] },
    { it: 'inodes below 5%', stats: { nodefs: fs(100, 50, 1000, 10), imagefs: fs(100, 50) }, met: ['nodefs.inodesFree'] },
    { it: 'a filesystem without inode counts has no inode signal', stats: { nodefs: fs(100, 50, 0, 0), imagefs: fs(100, 50, 0, 0) }, met: [] },
    { it: 'a threshold above the free space (the e2e test\'s 99.9%)', stats: { nodefs: fs(100, 50), imagefs: fs(100, 50) }, eviction: 'nodefs.available<99.9%', met: ['nodefs.available'] },
    { it: 'no thresholds, no pressure', stats: { nodefs: fs(100, 0), imagefs: fs(100, 0) }, eviction: '', met: [] },
  ];
  it.each(cases)('$it', (c) => {
    const met = thresholdsMet(c.stats, thresholds(c.eviction ?? DEFAULT_EVICTION_HARD));
    expect(met.map((m) => m.signal)).toEqual(c.met);
    expect(diskPressureCondition(met).status).toBe(c.met.length > 0 ? 'True' : 'False');
  });
  it('words the condition as the kubelet does', () => {
    expect(diskPressureCondition([])).toEqual({ status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' });
    const met = thresholdsMet({ nodefs: fs(100, 5), imagefs: fs(100, 50) }, thresholds(DEFAULT_EVICTION_HARD));
    expect(diskPressureCondition(met)).toEqual({ status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure (nodefs.available below 10%)' });
  });
});

describe('rankForDiskEviction (kubelet rankDiskPressureFunc)', () => {
  const MI = 2 ** 20;
  const pod = (name: string, request?: string) =>
    makePod({ metadata: { name, uid: name }, containers: [makeContainer('app', request ? { resources: { limits: {}, requests: { 'ephemeral-storage': request } } } : {})] });
  const usage = (name: string, usedMi: number, request?: string, volumesMi = 0) => ({ pod: pod(name, request), containers: [{ name: 'app', usageBytes: usedMi * MI }], volumesBytes: volumesMi * MI });
  const order = (...pods: ReturnType<typeof usage>[]) => rankForDiskEviction(pods).map((p) => p.pod.metadata.name);

  it('evicts a pod using more than it requests before a larger one within its request', () => {
    expect(order(usage('big-within', 500, '1Gi'), usage('small-over', 10, '5Mi'))).toEqual(['small-over', 'big-within']);
  });
  it('then the largest usage above the request first', () => {
    expect(order(usage('a', 10), usage('b', 30), usage('c', 20, undefined, 15))).toEqual(['c', 'b', 'a']);
  });
  it('counts volumes with the containers, and the request as the kubelet does (init max vs app sum)', () => {
    const p = makePod({ initContainers: [makeContainer('i', { resources: { limits: {}, requests: { 'ephemeral-storage': '3Gi' } } })], containers: [makeContainer('a', { resources: { limits: {}, requests: { 'ephemeral-storage': '1Gi' } } })] });
    expect(podEphemeralStorageRequest(p)).toBe(3 * GI);
  });
  it('says why in the kubelet\'s words', () => {
    const met = { signal: 'nodefs.available' as const, thresholdAmount: 10 * GI, available: 5 * GI, text: '10%' };
    expect(diskEvictionMessage(met, usage('w', 12, '5Mi'))).toBe(
      'The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 5Gi. Container app was using 12Mi, request is 5Mi, has larger consumption of ephemeral-storage. ',
    );
    expect(diskEvictionMessage(met, usage('w', 1, '5Mi'))).toBe('The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 5Gi. ');
  });
  it('prints amounts as a BinarySI quantity does', () => {
    expect([binarySi(0), binarySi(1024), binarySi(1536), binarySi(3 * GI), binarySi(1000)]).toEqual(['0', '1Ki', '1536', '3Gi', '1000']);
  });
});
