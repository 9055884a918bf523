import { describe, expect, it } from 'vitest';
import type { ResourceRequirements } from './pod-types.js';
import { computeQosClass } from './qos-class.js';
import { makeContainer, makePod } from '../status/testing/fixtures.js';

describe('computeQosClass', () => {
  const res = (limits: Record<string, string>, requests: Record<string, string> = {}): ResourceRequirements => ({ limits, requests });
  const full = res({ cpu: '500m', memory: '128Mi' }, { cpu: '0.5', memory: '128Mi' });

  it.each<[string, ResourceRequirements[], ResourceRequirements[], string]>([
    ['no resources at all', [res({})], [], 'BestEffort'],
    ['only zero quantities', [res({ cpu: '0' }, { memory: '0' })], [], 'BestEffort'],
    ['requests equal to limits', [full], [], 'Guaranteed'],
    ['limits only (requests default to limits)', [res({ cpu: '1', memory: '1Gi' })], [], 'Guaranteed'],
    ['a request below its limit', [res({ cpu: '1', memory: '1Gi' }, { cpu: '500m' })], [], 'Burstable'],
    ['a cpu limit without a memory limit', [res({ cpu: '1' })], [], 'Burstable'],
    ['one container without limits', [full, res({})], [], 'Burstable'],
    ['requests only', [res({}, { memory: '64Mi' })], [], 'Burstable'],
    ['an init container without limits', [full], [res({})], 'Burstable'],
    ['an init container with limits too', [full], [full], 'Guaranteed'],
    ['other resources do not count', [res({ cpu: '1', memory: '1Gi', 'ephemeral-storage': '1Gi' }, { 'ephemeral-storage': '1Mi' })], [], 'Guaranteed'],
  ])('%s → %s', (_name, app, init, expected) => {
    const pod = makePod({
      containers: app.map((resources, i) => makeContainer(`c${i}`, { resources })),
      initContainers: init.map((resources, i) => makeContainer(`i${i}`, { resources })),
    });
    expect(computeQosClass(pod)).toBe(expected);
  });
});

describe('computeQosClass with pod-level resources (qos.go ComputePodQOS, PodLevelResources)', () => {
  const res = (limits: Record<string, string>, requests: Record<string, string> = {}): ResourceRequirements => ({ limits, requests });
  const guaranteedContainer = res({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' });

  it.each<[string, ResourceRequirements, ResourceRequirements[], string]>([
    ['pod requests equal to pod limits, containers without resources', res({ cpu: '1', memory: '256Mi' }, { cpu: '1', memory: '256Mi' }), [res({}), res({})], 'Guaranteed'],
    ['pod requests below pod limits', res({ cpu: '1', memory: '256Mi' }, { cpu: '500m', memory: '256Mi' }), [res({})], 'Burstable'],
    ['a pod memory limit without a cpu limit', res({ memory: '256Mi' }, { memory: '256Mi' }), [res({})], 'Burstable'],
    ['pod requests only', res({}, { cpu: '1' }), [guaranteedContainer], 'Burstable'],
    ['the pod level decides over Guaranteed containers', res({ cpu: '2', memory: '2Gi' }, { cpu: '1', memory: '2Gi' }), [guaranteedContainer], 'Burstable'],
    ['an empty pod-level stanza decides too (the kubelet tests pod.Spec.Resources != nil)', res({}), [guaranteedContainer], 'BestEffort'],
    ['pod-level hugepages only', res({ 'hugepages-2Mi': '2Mi' }, { 'hugepages-2Mi': '2Mi' }), [guaranteedContainer], 'BestEffort'],
  ])('%s → %s', (_name, podLevel, app, expected) => {
    const pod = makePod({ resources: podLevel, containers: app.map((resources, i) => makeContainer(`c${i}`, { resources })) });
    expect(computeQosClass(pod)).toBe(expected);
  });
});
