import { describe, expect, it } from 'vitest';
import { makeContainer, makePod } from '../status/testing/fixtures.js';
import { makeCgroupSettings } from './make-cgroup-settings.js';
import { computeQosClass } from '../api/qos-class.js';
import type { Container, Pod } from '../api/pod-types.js';
import type { NodeLimits } from './node-limits.js';

/** The container's settings, its pod's QoS class derived as `PodFacts` derives it. */
const settingsOf = (pod: Pod, c: Container, node: NodeLimits) => makeCgroupSettings(c, computeQosClass(pod), node);

const node = { memoryCapacityBytes: 16 * 1024 ** 3, memoryAllocatableBytes: 16 * 1024 ** 3, canLowerOomScore: true };

describe('makeCgroupSettings', () => {
  const burstable = makeContainer('app', { resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } });
  const guaranteed = makeContainer('app', { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } });

  it('maps a Burstable container: shares, quota, memory without swap, OOM score from its request', () => {
    expect(settingsOf(makePod({ containers: [burstable] }), burstable, node)).toEqual({
      cpuShares: 256,
      limits: { cpuQuota: 50000, cpuPeriod: 100000, memory: 134217728, memorySwap: 134217728 },
      oomScoreAdj: 997,
    });
  });

  it('gives a BestEffort container the minimum shares and OOM score 1000', () => {
    const c = makeContainer('app');
    expect(settingsOf(makePod({ containers: [c] }), c, node)).toEqual({ cpuShares: 2, limits: { cpuQuota: 0, cpuPeriod: 100000 }, oomScoreAdj: 1000 });
  });

  it('gives Guaranteed −997, or leaves the OOM score unset where the engine cannot lower it', () => {
    const pod = makePod({ containers: [guaranteed] });
    expect(settingsOf(pod, guaranteed, node).oomScoreAdj).toBe(-997);
    expect(settingsOf(pod, guaranteed, { ...node, canLowerOomScore: false })).not.toHaveProperty('oomScoreAdj');
    // A positive score still applies on such an engine.
    expect(settingsOf(makePod({ containers: [burstable] }), burstable, { ...node, canLowerOomScore: false }).oomScoreAdj).toBe(997);
  });

  it('carries --pod-max-pids as the container pids limit', () => {
    expect(settingsOf(makePod({ containers: [burstable] }), burstable, { ...node, podPidsLimit: 64 }).limits.pidsLimit).toBe(64);
  });
});
