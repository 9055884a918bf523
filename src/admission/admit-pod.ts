import type { Pod } from '../api/pod-types.js';
import type { NodeInfo } from '../node/node-info.js';
import { extendedResourceRequests } from './extended-resources.js';
import { podMatchesNode } from './node-affinity.js';
import { podRequests } from './pod-requests.js';

export type AdmitResult = { admit: true } | { admit: false; reason: string; message: string };

/** `hostIP:hostPort/protocol` of each app container port with a hostPort. */
export function hostPortsOf(pod: Pod): string[] {
  return pod.spec.containers.flatMap((c) =>
    c.ports.filter((p) => p.hostPort).map((p) => `${p.hostIP || '0.0.0.0'}:${p.hostPort}/${p.protocol}`),
  );
}

function portsConflict(a: string, b: string): boolean {
  const [hostA, restA] = [a.slice(0, a.lastIndexOf(':')), a.slice(a.lastIndexOf(':') + 1)];
  const [hostB, restB] = [b.slice(0, b.lastIndexOf(':')), b.slice(b.lastIndexOf(':') + 1)];
  return restA === restB && (hostA === hostB || hostA === '0.0.0.0' || hostB === '0.0.0.0');
}

function insufficient(resource: string, requested: number, used: number, capacity: number): AdmitResult {
  return {
    admit: false,
    reason: `OutOf${resource}`,
    message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  };
}

function predicate(name: string, desc: string): AdmitResult {
  return { admit: false, reason: name, message: `Predicate ${name} failed: ${desc}` };
}

/**
 * The kubelet's admission of one pod against the pods already admitted (k8s
 * pkg/kubelet/lifecycle/predicate.go `Admit` → scheduler `AdmissionCheck`), in its order, the
 * first failure reported: pod count, cpu and memory requests against allocatable (`OutOfpods`,
 * `OutOfcpu`, `OutOfmemory`; cpu in millicores, memory in bytes; extended resources, of which the
 * node has none: `OutOf<name>`), then NodeAffinity (nodeSelector
 * and required node affinity), NodeName, NodePorts. Taints are not checked for static pods.
 */
export function admitPod(pod: Pod, node: NodeInfo, admitted: readonly Pod[], hostPortsBusy: readonly string[] = []): AdmitResult {
  if (admitted.length + 1 > node.allocatable.pods) return insufficient('pods', 1, admitted.length, node.allocatable.pods);
  const want = podRequests(pod);
  const used = admitted.map(podRequests).reduce((a, b) => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes }), { cpuMillis: 0, memoryBytes: 0 });
  if (want.cpuMillis > 0 && want.cpuMillis > node.allocatable.cpuMillis - used.cpuMillis) {
    return insufficient('cpu', want.cpuMillis, used.cpuMillis, node.allocatable.cpuMillis);
  }
  if (want.memoryBytes > 0 && want.memoryBytes > node.allocatable.memoryBytes - used.memoryBytes) {
    return insufficient('memory', want.memoryBytes, used.memoryBytes, node.allocatable.memoryBytes);
  }
  // The node has no device plugins: every extended resource's capacity is 0.
  for (const [name, requested] of extendedResourceRequests(pod)) return insufficient(name, requested, 0, 0);
  if (!podMatchesNode(pod, node.labels, node.name)) return predicate('NodeAffinity', "node(s) didn't match Pod's node affinity/selector");
  if (pod.spec.nodeName && pod.spec.nodeName !== node.name) return predicate('NodeName', "node(s) didn't match the requested node name");
  const wanted = hostPortsOf(pod);
  const taken = [...admitted.flatMap(hostPortsOf), ...hostPortsBusy];
  if (wanted.some((w) => taken.some((t) => portsConflict(w, t)))) {
    return predicate('NodePorts', "node(s) didn't have free ports for the requested pod ports");
  }
  return { admit: true };
}
