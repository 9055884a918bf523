import { describe, expect, it } from 'vitest';
import { computeQosClass } from '../api/qos-class.js';
import type { Pod, ResourceRequirements } from '../api/pod-types.js';
import { makeContainer, makePod } from '../status/testing/fixtures.js';
import { makeCgroupSettings } from './make-cgroup-settings.js';
import { podLevelShare } from './pod-level-share.js';

const Mi = 2 ** 20;
const GiB = 2 ** 30;
const node = { memoryCapacityBytes: 16 * GiB, memoryAllocatableBytes: 16 * GiB, canLowerOomScore: true };
const res = (limits: Record<string, string>, requests: Record<string, string> = {}): ResourceRequirements => ({ limits, requests });

function pod(podLevel: ResourceRequirements | undefined, app: ResourceRequirements[], init: ResourceRequirements[] = []): Pod {
  return makePod({
    ...(podLevel ? { resources: podLevel } : {}),
    containers: app.map((resources, i) => makeContainer(`c${i}`, { resources })),
    initContainers: init.map((resources, i) => makeContainer(`i${i}`, { resources })),
  });
}

describe('podLevelShare (kubelet getCPULimit / getMemoryLimit, remainingPodMemReqPerContainer)', () => {
  it.each<[string, Pod, ReturnType<typeof podLevelShare>]>([
    ['no pod-level resources', pod(undefined, [res({})]), undefined],
    ['a pod memory limit (its request defaults to it): the whole request is extra', pod(res({ memory: '256Mi' }, { memory: '256Mi' }), [res({})]), { cpuLimitMilli: 0, memoryLimitBytes: 256 * Mi, extraMemoryRequestBytes: 256 * Mi }],
    [
      'the pod request beyond the containers\' is split over init and app containers (integer division)',
      pod(res({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '100Mi' }), [res({}, { memory: '10Mi' }), res({})], [res({}, { memory: '1Mi' })]),
      { cpuLimitMilli: 1000, memoryLimitBytes: GiB, extraMemoryRequestBytes: Math.trunc((100 * Mi - 10 * Mi) / 3) },
    ],
    ['no pod memory request: no extra', pod(res({}, { cpu: '1' }), [res({}, { memory: '10Mi' })]), { cpuLimitMilli: 0, memoryLimitBytes: 0, extraMemoryRequestBytes: 0 }],
  ])('%s', (_name, p, expected) => {
    expect(podLevelShare(p)).toEqual(expected);
  });
});

describe('makeCgroupSettings in a pod with pod-level resources', () => {
  const settings = (p: Pod, index = 0) => makeCgroupSettings(p.spec.containers[index]!, computeQosClass(p), node, podLevelShare(p));

  it('gives a container without limits the pod limits as its own, shares from the pod cpu limit, and the Guaranteed OOM score', () => {
    const p = pod(res({ cpu: '500m', memory: '128Mi' }), [res({})]);
    expect(settings(p)).toEqual({ cpuShares: 512, limits: { cpuQuota: 50000, cpuPeriod: 100000, memory: 128 * Mi, memorySwap: 128 * Mi }, oomScoreAdj: -997 });
  });

  it('keeps a container\'s own limits and requests where it sets them', () => {
    const p = pod(res({ cpu: '2', memory: '1Gi' }, { cpu: '1', memory: '512Mi' }), [res({ cpu: '500m', memory: '256Mi' }, { cpu: '250m', memory: '128Mi' }), res({})]);
    expect(settings(p, 0)).toMatchObject({ cpuShares: 256, limits: { cpuQuota: 50000, memory: 256 * Mi } });
    expect(settings(p, 1)).toMatchObject({ cpuShares: 2048, limits: { cpuQuota: 200000, memory: GiB } });
  });

  it('adds each container\'s share of the unallocated pod memory request to its OOM score request (KEP-2837 OOM score adjustment)', () => {
    // 8Gi asked at the pod level, 2Gi by the one container that asks: 3Gi more each, so 2Gi+3Gi and 0+3Gi of 16Gi.
    const p = pod(res({ cpu: '4' }, { cpu: '1', memory: '8Gi' }), [res({}, { memory: '2Gi' }), res({})]);
    expect(settings(p, 0).oomScoreAdj).toBe(1000 - Math.floor((1000 * 5) / 16));
    expect(settings(p, 1).oomScoreAdj).toBe(1000 - Math.floor((1000 * 3) / 16));
  });

  it('changes nothing for a pod without pod-level resources', () => {
    const p = pod(undefined, [res({ cpu: '500m' }, { cpu: '250m', memory: '64Mi' })]);
    expect(settings(p)).toEqual(makeCgroupSettings(p.spec.containers[0]!, computeQosClass(p), node));
  });
});
