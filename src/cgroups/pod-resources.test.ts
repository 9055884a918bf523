import { describe, expect, it } from 'vitest';
import type { ResourceRequirements } from '../api/pod-types.js';
import { makeContainer, makePod } from '../status/testing/fixtures.js';
import { makePodResources } from './pod-resources.js';

const res = (limits: Record<string, string>, requests: Record<string, string> = limits): ResourceRequirements => ({ limits, requests });

describe('makePodResources (kubelet ResourceConfigForPod)', () => {
  it.each<[string, ResourceRequirements[], ResourceRequirements[], object]>([
    ['BestEffort: minimum shares only', [res({})], [], { qos: 'BestEffort', cpuShares: 2 }],
    [
      'Guaranteed: summed limits',
      [res({ cpu: '500m', memory: '128Mi' }), res({ cpu: '250m', memory: '64Mi' })],
      [],
      { qos: 'Guaranteed', cpuShares: 768, cpuQuota: 75000, cpuPeriod: 100000, memory: 201326592 },
    ],
    [
      'Burstable with every limit declared: quota and memory too',
      [res({ cpu: '500m', memory: '128Mi' }, { cpu: '250m', memory: '64Mi' })],
      [],
      { qos: 'Burstable', cpuShares: 256, cpuQuota: 50000, cpuPeriod: 100000, memory: 134217728 },
    ],
    [
      'Burstable with a container lacking limits: shares only',
      [res({ cpu: '500m', memory: '128Mi' }, { cpu: '250m', memory: '64Mi' }), res({}, { cpu: '100m' })],
      [],
      { qos: 'Burstable', cpuShares: 358 },
    ],
    [
      'Burstable with memory limits everywhere but a cpu limit missing: memory only',
      [res({ cpu: '1', memory: '1Gi' }), res({ memory: '1Gi' }, { memory: '512Mi' })],
      [],
      { qos: 'Burstable', cpuShares: 1024, memory: 2147483648 },
    ],
    [
      'an init container larger than the app sum decides',
      [res({ cpu: '100m', memory: '64Mi' }, { cpu: '100m', memory: '32Mi' })],
      [res({ cpu: '2', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })],
      { qos: 'Burstable', cpuShares: 1024, cpuQuota: 200000, cpuPeriod: 100000, memory: 1073741824 },
    ],
    [
      'an init container without limits turns the pod limits off',
      [res({ cpu: '1', memory: '1Gi' })],
      [res({})],
      { qos: 'Burstable', cpuShares: 1024 },
    ],
  ])('%s', (_name, app, init, expected) => {
    const pod = makePod({
      containers: app.map((resources, i) => makeContainer(`c${i}`, { resources })),
      initContainers: init.map((resources, i) => makeContainer(`i${i}`, { resources })),
    });
    expect(makePodResources(pod)).toEqual(expected);
  });
});

describe('makePodResources with pod-level resources (ResourceConfigForPod, PodRequests / PodLimits)', () => {
  const res = (limits: Record<string, string>, requests: Record<string, string> = limits): ResourceRequirements => ({ limits, requests });

  it.each<[string, ResourceRequirements, ResourceRequirements[], object]>([
    [
      'pod limits with requests equal: Guaranteed, the pod cgroup held to them whatever the containers say',
      res({ cpu: '1', memory: '256Mi' }),
      [res({}), res({})],
      { qos: 'Guaranteed', cpuShares: 1024, cpuQuota: 100000, cpuPeriod: 100000, memory: 268435456 },
    ],
    [
      'Burstable: shares from the pod request, the pod limits count as declared though the containers set none',
      res({ cpu: '1', memory: '256Mi' }, { cpu: '250m', memory: '128Mi' }),
      [res({}, { cpu: '100m' })],
      { qos: 'Burstable', cpuShares: 256, cpuQuota: 100000, cpuPeriod: 100000, memory: 268435456 },
    ],
    [
      'a pod memory limit only: memory held, no quota (a container lacks a cpu limit)',
      res({ memory: '256Mi' }, { memory: '256Mi' }),
      [res({}, { cpu: '100m' })],
      { qos: 'Burstable', cpuShares: 102, memory: 268435456 },
    ],
    [
      'a pod cpu request only: the containers\' limits still apply where all declare them',
      res({}, { cpu: '2' }),
      [res({ cpu: '500m', memory: '64Mi' }, { cpu: '500m', memory: '64Mi' })],
      { qos: 'Burstable', cpuShares: 2048, cpuQuota: 50000, cpuPeriod: 100000, memory: 67108864 },
    ],
  ])('%s', (_name, podLevel, app, expected) => {
    const pod = makePod({ resources: podLevel, containers: app.map((resources, i) => makeContainer(`c${i}`, { resources })) });
    expect(makePodResources(pod)).toEqual(expected);
  });
});
