import { describe, expect, it } from 'vitest';
import type { Container, PodSpec } from '../api/pod-types.js';
import { makeContainer, makePod } from '../status/testing/fixtures.js';
import { computeQosClass } from '../api/qos-class.js';
import { makeContainerSpec } from './make-container-spec.js';

const node = { memoryCapacityBytes: 16 * 1024 ** 3, memoryAllocatableBytes: 16 * 1024 ** 3, canLowerOomScore: false };

function specOf(spec: Partial<PodSpec>, container: Partial<Container> = {}, extra: { imageUser?: string; cgroupParent?: string } = {}) {
  const c = makeContainer('app', container);
  const pod = makePod({ ...spec, containers: [c] });
  return makeContainerSpec({
    pod, container: c, kind: 'app', attempt: 0, sandboxId: 'sandbox-id', nodeName: 'node-1', specHash: 'h',
    volumePaths: new Map([['v', '/host/v']]), node, qosClass: computeQosClass(pod), ...extra,
  });
}

describe('makeContainerSpec: resources, namespaces, mounts, security', () => {
  it('carries the cgroup values, the pod cgroup parent and the OOM score', () => {
    const spec = specOf({}, { resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } }, { cgroupParent: '/kubepods/burstable/podx' });
    expect(spec).toMatchObject({
      cpuShares: 256,
      limits: { cpuQuota: 50000, cpuPeriod: 100000, memory: 134217728, memorySwap: 134217728 },
      oomScoreAdj: 997,
      cgroupParent: '/kubepods/burstable/podx',
    });
  });

  it('leaves out a negative OOM score the engine cannot set (Guaranteed −997)', () => {
    expect(specOf({}, { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } })).not.toHaveProperty('oomScoreAdj');
  });

  it.each<[string, Partial<PodSpec>, object]>([
    ['private PID namespace, the sandbox IPC', {}, { ipcMode: 'container:sandbox-id', networkMode: 'container:sandbox-id' }],
    ['shareProcessNamespace: the sandbox PID namespace', { shareProcessNamespace: true }, { pidMode: 'container:sandbox-id' }],
    ['hostPID and hostIPC', { hostPID: true, hostIPC: true }, { pidMode: 'host', ipcMode: 'host' }],
    ['hostNetwork with hostAliases: the aliases on the container itself', { hostNetwork: true, hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }] }, { networkMode: 'host', extraHosts: ['db:10.0.0.1'] }],
  ])('%s', (_name, podSpec, expected) => {
    const spec = specOf(podSpec);
    expect(spec).toMatchObject(expected);
    if (!('pidMode' in expected)) expect(spec).not.toHaveProperty('pidMode');
  });

  it('maps mountPropagation to bind propagation and keeps readOnly', () => {
    const spec = specOf({}, {
      volumeMounts: [
        { name: 'v', mountPath: '/a', readOnly: true },
        { name: 'v', mountPath: '/b', readOnly: false, mountPropagation: 'HostToContainer' },
        { name: 'v', mountPath: '/c', readOnly: false, mountPropagation: 'Bidirectional' },
        { name: 'v', mountPath: '/d', readOnly: false, mountPropagation: 'None' },
      ],
    });
    expect(spec.mounts.filter((m) => m.target !== '/dev/termination-log')).toEqual([
      { source: '/host/v', target: '/a', readOnly: true },
      { source: '/host/v', target: '/b', readOnly: false, propagation: 'rslave' },
      { source: '/host/v', target: '/c', readOnly: false, propagation: 'rshared' },
      { source: '/host/v', target: '/d', readOnly: false },
    ]);
  });

  it('sets the security options only when the pod asks for them', () => {
    expect(specOf({})).not.toHaveProperty('security');
    expect(specOf({ securityContext: { runAsGroup: 7 } }, { securityContext: { readOnlyRootFilesystem: true } }, { imageUser: 'nobody' }).security).toEqual({
      user: 'nobody:7',
      readonlyRootfs: true,
    });
  });
});

describe('makeContainerSpec: fsGroup and pod-level resources', () => {
  it('adds fsGroup to the supplementary groups of every container, init containers included', () => {
    const init = makeContainer('init');
    const app = makeContainer('app');
    const pod = makePod({ securityContext: { runAsUser: 1000, fsGroup: 2000, supplementalGroups: [3000] }, initContainers: [init], containers: [app] });
    for (const [container, kind] of [[init, 'init'], [app, 'app']] as const) {
      const spec = makeContainerSpec({
        pod, container, kind, attempt: 0, sandboxId: 'sandbox-id', nodeName: 'node-1', specHash: 'h',
        volumePaths: new Map(), node, qosClass: computeQosClass(pod),
      });
      expect(spec.security).toEqual({ user: '1000', groupAdd: ['2000', '3000'] });
    }
  });

  it('gives a container without limits the pod-level limits in its cgroup settings (kubelet getCPULimit / getMemoryLimit)', () => {
    const spec = specOf({ resources: { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '1', memory: '256Mi' } } });
    expect(spec).toMatchObject({ cpuShares: 1024, limits: { cpuQuota: 100000, cpuPeriod: 100000, memory: 268435456, memorySwap: 268435456 } });
  });
});
