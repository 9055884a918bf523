import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { makeNodeInfo } from '../node/node-info.js';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import { admitPod } from './admit-pod.js';
import { PodAdmission } from './pod-admission.js';

const node = makeNodeInfo({
  name: 'node-1',
  extraLabels: { disk: 'ssd' },
  os: 'linux',
  arch: 'amd64',
  cpus: 2,
  memoryBytes: 4 * 2 ** 30,
  maxPods: 3,
  reserved: { cpuMillis: 0, memoryBytes: 0 },
});

function pod(name: string, mutate: (p: Pod) => void = () => {}): Pod {
  const p = makePod({ metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {} }, containers: [makeContainer('a')] });
  mutate(p);
  return p;
}
const requesting = (cpu: string, memory?: string) => (p: Pod) => {
  p.spec.containers[0]!.resources = { requests: { cpu, ...(memory ? { memory } : {}) }, limits: {} };
};

describe('admitPod', () => {
  it.each<[string, Pod, Pod[], string | undefined, string | undefined]>([
    ['a plain pod', pod('p'), [], undefined, undefined],
    ['a pod over the pod count', pod('p'), [pod('a'), pod('b'), pod('c')], 'OutOfpods', "Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3"],
    ['more cpu than the node has', pod('p', requesting('3')), [], 'OutOfcpu', "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"],
    ['cpu already used by admitted pods', pod('p', requesting('1600m')), [pod('q', requesting('500m'))], 'OutOfcpu', "Node didn't have enough resource: cpu, requested: 1600, used: 500, capacity: 2000"],
    ['more memory than the node has', pod('p', requesting('100m', '5Gi')), [], 'OutOfmemory', `Node didn't have enough resource: memory, requested: ${5 * 2 ** 30}, used: 0, capacity: ${4 * 2 ** 30}`],
    ['a nodeSelector the node matches', pod('p', (x) => (x.spec.nodeSelector = { disk: 'ssd', 'kubernetes.io/os': 'linux' })), [], undefined, undefined],
    ['a nodeSelector the node lacks', pod('p', (x) => (x.spec.nodeSelector = { gpu: 'yes' })), [], 'NodeAffinity', "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector"],
    ['a required affinity term that matches (In)', pod('p', (x) => (x.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }] }] } } })), [], undefined, undefined],
    ['required affinity terms none of which match', pod('p', (x) => (x.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }] } } })), [], 'NodeAffinity', undefined],
    ['spec.nodeName naming another node', pod('p', (x) => (x.spec.nodeName = 'node-2')), [], 'NodeName', "Predicate NodeName failed: node(s) didn't match the requested node name"],
    ['a hostPort another pod holds', pod('p', (x) => (x.spec.containers[0]!.ports = [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }])), [pod('q', (x) => (x.spec.containers[0]!.ports = [{ containerPort: 81, hostPort: 8080, protocol: 'TCP' }]))], 'NodePorts', "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports"],
    ['the same hostPort on another protocol', pod('p', (x) => (x.spec.containers[0]!.ports = [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }])), [pod('q', (x) => (x.spec.containers[0]!.ports = [{ containerPort: 81, hostPort: 8080, protocol: 'TCP' }]))], undefined, undefined],
  ])('%s', (_name, candidate, admitted, reason, message) => {
    const result = admitPod(candidate, node, admitted);
    expect(result.admit ? undefined : result.reason).toBe(reason);
    if (message && !result.admit) expect(result.message).toBe(message);
  });

  it('refuses an extended resource the node does not have, with the kubelet\'s OutOf<name> reason', () => {
    const dongle = pod('d', (p) => {
      p.spec.containers[0]!.resources = { requests: { 'example.com/dongle': '3' }, limits: { 'example.com/dongle': '3' } };
    });
    expect(admitPod(dongle, node, [])).toEqual({
      admit: false,
      reason: 'OutOfexample.com/dongle',
      message: "Node didn't have enough resource: example.com/dongle, requested: 3, used: 0, capacity: 0",
    });
    const hugepages = pod('h', (p) => {
      p.spec.containers[0]!.resources = { requests: { 'hugepages-2Mi': '0' }, limits: {} };
    });
    expect(admitPod(hugepages, node, [])).toEqual({ admit: true });
  });

  it('counts the largest init container when it asks more than the app containers together', () => {
    const p = pod('p', requesting('500m'));
    p.spec.initContainers = [{ ...makeContainer('init'), resources: { requests: { cpu: '2500m' }, limits: {} } }];
    expect(admitPod(p, node, [])).toMatchObject({ admit: false, reason: 'OutOfcpu' });
  });

  it('reports the first failure in the kubelet order: resources before affinity', () => {
    expect(admitPod(pod('p', (x) => { requesting('3')(x); x.spec.nodeSelector = { gpu: 'yes' }; }), node, [])).toMatchObject({ reason: 'OutOfcpu' });
  });
});

describe('PodAdmission', () => {
  const candidate = (p: Pod, firstSeenMs: number, extra: Partial<{ live: boolean; fileMtimeMs: number }> = {}) => ({ pod: p, live: false, firstSeenMs, fileMtimeMs: 1, ...extra });

  it('admits in a stable order: first seen first, then by name; the later pod is the one refused', () => {
    const admission = new PodAdmission(node);
    admission.update([candidate(pod('b', requesting('1500m')), 10), candidate(pod('a', requesting('1500m')), 10), candidate(pod('c', requesting('1500m')), 5)]);
    expect(admission.decision('uid-c')?.admit).toBe(true);
    expect(admission.decision('uid-a')).toMatchObject({ admit: false, reason: 'OutOfcpu' });
    expect(admission.decision('uid-b')).toMatchObject({ admit: false, reason: 'OutOfcpu' });
  });

  it('admits pods that already run first, whatever their order, so an agent restart never flips the choice', () => {
    const admission = new PodAdmission(node);
    admission.update([candidate(pod('a', requesting('1500m')), 1), candidate(pod('z', requesting('1500m')), 99, { live: true })]);
    expect(admission.decision('uid-z')?.admit).toBe(true);
    expect(admission.decision('uid-a')?.admit).toBe(false);
  });

  it('keeps a refused pod refused until its file is touched, then admits it if it fits', () => {
    const admission = new PodAdmission(node);
    admission.update([candidate(pod('a', requesting('1500m')), 1), candidate(pod('b', requesting('1500m')), 2)]);
    expect(admission.decision('uid-b')?.admit).toBe(false);
    admission.update([candidate(pod('b', requesting('1500m')), 2)]); // a removed: b not re-decided yet
    expect(admission.decision('uid-b')?.admit).toBe(false);
    expect(admission.update([candidate(pod('b', requesting('1500m')), 2, { fileMtimeMs: 5 })])).toEqual(['uid-b']);
    expect(admission.decision('uid-b')?.admit).toBe(true);
  });
});

describe('admitPod with pod-level resources (resourcehelper.PodRequests)', () => {
  const withPodLevel = (name: string, requests: Record<string, string>, containerCpu?: string) =>
    pod(name, (p) => {
      p.spec.resources = { limits: {}, requests };
      if (containerCpu) requesting(containerCpu)(p);
    });

  it('counts the pod-level request instead of the containers\' sum', () => {
    expect(admitPod(withPodLevel('p', { cpu: '3' }, '100m'), node, [])).toMatchObject({ admit: false, reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000" });
    expect(admitPod(withPodLevel('p', { cpu: '1500m', memory: '1Gi' }), node, [])).toEqual({ admit: true });
  });

  it('counts admitted pods by their pod-level requests too, and the containers\' for resources the pod level leaves out', () => {
    const admitted = [withPodLevel('q', { memory: '3Gi' }, '1500m')];
    expect(admitPod(withPodLevel('p', { cpu: '600m' }), node, admitted)).toMatchObject({ reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu, requested: 600, used: 1500, capacity: 2000" });
    expect(admitPod(withPodLevel('p', { memory: '2Gi' }), node, admitted)).toMatchObject({ reason: 'OutOfmemory' });
    expect(admitPod(withPodLevel('p', { cpu: '500m', memory: '1Gi' }), node, admitted)).toEqual({ admit: true });
  });
});
