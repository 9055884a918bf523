import { describe, expect, it } from 'vitest';
import { toApiNode } from '../node/api-node.js';
import { makeNodeInfo } from '../node/node-info.js';
import { RuntimeHealth } from '../node/runtime-health.js';
import { NODE_KUBELET_VERSION, makeNodeObject, reconcileLabels, shouldPatchNodeStatus } from './make-node-object.js';
import { parseTaints } from './node-taints.js';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const info = makeNodeInfo({ name: 'box', extraLabels: { disktype: 'ssd' }, os: 'linux', arch: 'amd64', cpus: 2, memoryBytes: 2 ** 30, maxPods: 110, reserved: { cpuMillis: 0, memoryBytes: 0 } });
const local = (nowMs: number, health = new RuntimeHealth(T0)) =>
  toApiNode({ node: info, hostIP: '10.0.0.5', startedAtMs: T0, engineVersion: '20.10.24', agentVersion: 'v', kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12', nowMs, runtime: health.state, serviceNetwork: { sinceMs: T0 } });
const object = (nowMs: number, health?: RuntimeHealth) => makeNodeObject({
  local: local(nowMs, health), nodeIP: '192.0.2.7', taints: [], kubeletPort: 10250, machineID: 'm1', bootID: 'b1',
  images: [{ repoTags: ['small:1'], id: 'sha256:1', sizeBytes: 10 }, { repoTags: [], id: 'sha256:2', sizeBytes: 99 }, { repoTags: ['big:1', 'big:latest'], id: 'sha256:3', sizeBytes: 50 }],
  ephemeralStorageBytes: 1000, startedAtMs: T0,
});

describe('makeNodeObject', () => {
  it('is the Node the kubelet registers: labels with the beta pair, addresses, nodeInfo, daemon endpoint, images by size, 90 % ephemeral storage', () => {
    const n = object(T0 + 1000);
    expect(n.metadata.labels).toEqual({
      'kubernetes.io/hostname': 'box', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', disktype: 'ssd',
    });
    expect(n.spec).toEqual({});
    expect(n.status.addresses).toEqual([{ type: 'InternalIP', address: '192.0.2.7' }, { type: 'Hostname', address: 'box' }]);
    expect(n.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(n.status.nodeInfo).toMatchObject({ kubeletVersion: NODE_KUBELET_VERSION, containerRuntimeVersion: 'docker://20.10.24', machineID: 'm1', bootID: 'b1', kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12' });
    expect(n.status.images).toEqual([{ names: ['big:1', 'big:latest'], sizeBytes: 50 }, { names: ['small:1'], sizeBytes: 10 }]);
    expect(n.status.capacity).toMatchObject({ cpu: '2', memory: '1048576Ki', pods: '110', 'ephemeral-storage': '1000' });
    expect(n.status.allocatable['ephemeral-storage']).toBe('900');
  });

  it('lists the pressure conditions first with the kubelet reasons and Ready last; no minikubelet-only condition', () => {
    const n = object(T0 + 1000);
    expect(n.status.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);
    expect(n.status.conditions[3]!.message).toBe('kubelet is posting ready status');
  });

  it('is NotReady with the runtime error while the engine does not answer', () => {
    const health = new RuntimeHealth(T0);
    health.failed('connect ENOENT /var/run/docker.sock', T0 + 5000);
    expect(object(T0 + 6000, health).status.conditions.at(-1)).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down: connect ENOENT /var/run/docker.sock' });
  });

  it('carries --register-with-taints in the spec', () => {
    const n = makeNodeObject({ ...{ local: local(T0), nodeIP: '192.0.2.7', kubeletPort: 10250, machineID: '', bootID: '', images: [], ephemeralStorageBytes: 0, startedAtMs: T0 }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    expect(n.spec).toEqual({ taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
  });
});

describe('shouldPatchNodeStatus', () => {
  const REPORT = 300_000;
  const unknown = <C extends { type: string }>(c: C) => ({ ...c, status: 'Unknown' as const, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  it.each([
    ['nothing sent yet', 'none', 'same', T0 + 10_000, T0 + 20_000, true],
    ['only the heartbeat moved', 'same', 'same', T0 + 10_000, T0 + 20_000, false],
    ['the report period passed', 'same', 'same', T0, T0 + REPORT, true],
    ['Ready flipped here', 'same', 'notready', T0 + 10_000, T0 + 20_000, true],
    ['the node lifecycle controller set the conditions Unknown in the API', 'unknown', 'same', T0 + 10_000, T0 + 20_000, true],
  ] as const)('%s → %s', (_name, api, next, lastSentMs, nowMs, expected) => {
    const health = new RuntimeHealth(T0);
    const sent = object(T0 + 10_000).status;
    if (next === 'notready') health.failed('down', T0 + 15_000);
    const wanted = object(nowMs, health).status;
    // The API's copy: quantities in canonical form, which never counts as a change.
    const apiCopy = { ...sent, capacity: { ...sent.capacity, 'ephemeral-storage': '1k' }, conditions: api === 'unknown' ? sent.conditions.map(unknown) : sent.conditions };
    expect(shouldPatchNodeStatus(apiCopy, api === 'none' ? undefined : sent, wanted, lastSentMs, nowMs, REPORT)).toBe(expected);
  });
});

describe('reconcileLabels', () => {
  it.each([
    ['all there', { a: '1', b: '2', other: 'x' }, { a: '1', b: '2' }, undefined],
    ['one differs, one missing; others kept out of the patch', { a: '0', other: 'x' }, { a: '1', b: '2' }, { a: '1', b: '2' }],
    ['no labels at all', undefined, { a: '1' }, { a: '1' }],
  ])('%s', (_name, existing, wanted, expected) => {
    expect(reconcileLabels(existing, wanted)).toEqual(expected);
  });
});

describe('parseTaints', () => {
  it.each([
    [['dedicated=gpu:NoSchedule'], [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], []],
    [['example.com/spot:NoExecute'], [{ key: 'example.com/spot', effect: 'NoExecute' }], []],
    [['dedicated=gpu'], [], ['--register-with-taints "dedicated=gpu": the effect must be NoSchedule, PreferNoSchedule or NoExecute (key=value:Effect)']],
    [['bad key!=x:NoSchedule'], [], ['--register-with-taints "bad key!=x:NoSchedule": "bad key!" is not a valid taint key (a label key such as example.com/dedicated)']],
  ])('%j', (items, taints, errors) => {
    expect(parseTaints(items)).toEqual({ taints, errors });
  });
});
