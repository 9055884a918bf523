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
