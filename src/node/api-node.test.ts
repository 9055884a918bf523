import { describe, expect, it } from 'vitest';
import { toApiNode } from './api-node.js';
import { makeNodeInfo } from './node-info.js';
import { DiskPressureState } from './disk-pressure-state.js';
import { RuntimeHealth } from './runtime-health.js';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const node = makeNodeInfo({ name: 'box', extraLabels: {}, os: 'linux', arch: 'amd64', cpus: 2, memoryBytes: 2 ** 30, maxPods: 110, reserved: { cpuMillis: 0, memoryBytes: 0 } });
const base = { node, hostIP: '10.0.0.5', startedAtMs: T0, engineVersion: '20.10.24', agentVersion: 'v', kernelVersion: 'k', osImage: 'o' };
const ready = (health: RuntimeHealth, nowMs: number) => toApiNode({ ...base, nowMs, runtime: health.state }).status.conditions.find((c) => c.type === 'Ready')!;

describe('the node Ready condition', () => {
  it('is True while the engine answers, False with the kubelet reason while it does not, and True again after', () => {
    const health = new RuntimeHealth(T0);
    expect(ready(health, T0 + 1000)).toMatchObject({ status: 'True', reason: 'KubeletReady', lastTransitionTime: '2026-11-24T10:00:00Z' });

    health.failed('connect ENOENT /var/run/docker.sock', T0 + 60_000);
    health.failed('connect ENOENT /var/run/docker.sock', T0 + 70_000);
    expect(ready(health, T0 + 75_000)).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'KubeletNotReady',
      message: 'container runtime is down: connect ENOENT /var/run/docker.sock',
      lastHeartbeatTime: '2026-11-24T10:01:15Z',
      // The first failure, not the latest one: the condition changed once.
      lastTransitionTime: '2026-11-24T10:01:00Z',
    });

    health.answered(T0 + 80_000);
    health.answered(T0 + 90_000);
    expect(ready(health, T0 + 95_000)).toMatchObject({ status: 'True', reason: 'KubeletReady', lastTransitionTime: '2026-11-24T10:01:20Z' });
  });
});

describe('the node ServiceNetworkUnavailable condition', () => {
  const condition = (serviceNetwork?: { problem?: string; sinceMs: number }) =>
    toApiNode({ ...base, nowMs: T0 + 5000, ...(serviceNetwork ? { serviceNetwork } : {}) }).status.conditions.find((c) => c.type === 'ServiceNetworkUnavailable');

  it('is False when the Service network runs, True with the problem when it does not, absent when not reported', () => {
    expect(condition({ sinceMs: T0 })).toMatchObject({ status: 'False', reason: 'ServiceNetworkReady' });
    expect(condition({ problem: 'iptables is unavailable: iptables-save not found', sinceMs: T0 })).toMatchObject({
      status: 'True', reason: 'ServiceNetworkFailed', message: 'iptables is unavailable: iptables-save not found',
    });
    expect(condition()).toBeUndefined();
  });
});

describe('the node DiskPressure condition', () => {
  const met = [{ signal: 'nodefs.available' as const, thresholdAmount: 10, available: 5, text: '10%' }];
  const conditions = (state: DiskPressureState | undefined, nowMs: number) =>
    toApiNode({ ...base, nowMs, ...(state ? { diskPressure: state.view } : {}) }).status.conditions;

  it('is left out when eviction is off, Unknown before the first look, then follows the thresholds, before Ready', () => {
    expect(conditions(undefined, T0).map((c) => c.type)).toEqual(['Ready']);
    const state = new DiskPressureState(T0, 0);
    expect(conditions(state, T0)[0]).toMatchObject({ type: 'DiskPressure', status: 'Unknown' });
    state.observed([], T0 + 1000);
    expect(conditions(state, T0 + 1000)[0]).toMatchObject({ type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', lastTransitionTime: '2026-11-24T10:00:01Z' });
    state.observed(met, T0 + 20_000);
    state.observed(met, T0 + 30_000);
    expect(conditions(state, T0 + 30_000).map((c) => [c.type, c.status])).toEqual([['DiskPressure', 'True'], ['Ready', 'True']]);
    expect(conditions(state, T0 + 30_000)[0]).toMatchObject({ reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure (nodefs.available below 10%)', lastTransitionTime: '2026-11-24T10:00:20Z' });
  });

  it('stays True for the transition period after the thresholds were last met (kubelet --eviction-pressure-transition-period)', () => {
    const state = new DiskPressureState(T0, 5 * 60_000);
    state.observed(met, T0);
    state.observed([], T0 + 60_000);
    expect(state.view).toMatchObject({ status: 'True', message: 'kubelet has disk pressure (nodefs.available below 10%)' });
    state.observed([], T0 + 5 * 60_000 - 1);
    expect(state.view.status).toBe('True');
    state.observed([], T0 + 5 * 60_000);
    expect(state.view).toMatchObject({ status: 'False', reason: 'KubeletHasNoDiskPressure', sinceMs: T0 + 5 * 60_000 });
  });
});
