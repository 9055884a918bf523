import type { ApiPod } from '../api/api-pod.js';
import type { NodeInfo, NodeResources } from './node-info.js';
import type { DiskPressureView } from './disk-pressure-state.js';
import type { RuntimeHealthState } from './runtime-health.js';
import { toRfc3339 } from '../api/rfc3339.js';

/** A v1 Node, reduced to what `get nodes` and `describe node` show. */
export interface ApiNode {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string>; creationTimestamp: string };
  spec: { taints?: unknown[] };
  status: {
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    conditions: { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string; lastHeartbeatTime: string; lastTransitionTime: string }[];
    addresses: { type: string; address: string }[];
    nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string; operatingSystem: string; architecture: string; kernelVersion: string; osImage: string };
  };
}

/** Millicores as Kubernetes prints a quantity: `2`, `1500m`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes as the kubelet reports memory capacity: whole Ki. */
export function formatMemory(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(bytes);
}

function resources(r: NodeResources): Record<string, string> {
  return { cpu: formatCpu(r.cpuMillis), memory: formatMemory(r.memoryBytes), pods: String(r.pods) };
}

export interface ApiNodeInput {
  node: NodeInfo;
  hostIP: string;
  startedAtMs: number;
  engineVersion: string;
  agentVersion: string;
  kernelVersion: string;
  osImage: string;
  nowMs: number;
  /** The engine as last seen; up since the agent started when left out. */
  runtime?: RuntimeHealthState;
  /** The DiskPressure condition (`--eviction-hard`); left out of the node when not given. */
  diskPressure?: DiskPressureView;
  /** The Services' data path (cluster DNS, ClusterIPs): `problem` says what does not work. Left out: no condition. */
  serviceNetwork?: { problem?: string; sinceMs: number };
}


/**
 * The Ready condition as the kubelet's `ReadyCondition` setter words it: ready while the engine
 * answers, else False with `KubeletNotReady` and `container runtime is down` (and why, here).
 */
function readyCondition(input: ApiNodeInput, now: string): ApiNode['status']['conditions'][number] {
  const runtime = input.runtime ?? { up: true, sinceMs: input.startedAtMs };
  const lastTransitionTime = toRfc3339(Math.max(runtime.sinceMs, input.startedAtMs));
  if (runtime.up) {
    return { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'minikubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime };
  }
  const message = runtime.error ? `container runtime is down: ${runtime.error}` : 'container runtime is down';
  return { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message, lastHeartbeatTime: now, lastTransitionTime };
}

function conditionFields(view: DiskPressureView): { status: DiskPressureView['status']; reason: string; message: string } {
  return { status: view.status, reason: view.reason, message: view.message };
}

/**
 * `ServiceNetworkUnavailable` (minikubelet's own, phrased as the kubelet's pressure conditions:
 * False is healthy): True when the cluster DNS or the iptables rules could not be set up, and why.
 */
function serviceNetworkCondition(input: ApiNodeInput, now: string): ApiNode['status']['conditions'] {
  const state = input.serviceNetwork;
  if (!state) return [];
  const lastTransitionTime = toRfc3339(Math.max(state.sinceMs, input.startedAtMs));
  return state.problem === undefined
    ? [{ type: 'ServiceNetworkUnavailable', status: 'False', reason: 'ServiceNetworkReady', message: 'the cluster DNS and the Service rules are in place', lastHeartbeatTime: now, lastTransitionTime }]
    : [{ type: 'ServiceNetworkUnavailable', status: 'True', reason: 'ServiceNetworkFailed', message: state.problem, lastHeartbeatTime: now, lastTransitionTime }];
}

/** The node as the local API serves it (`GET /api/v1/nodes/{name}`): Ready while the engine answers. */
export function toApiNode(input: ApiNodeInput): ApiNode {
  const { node } = input;
  const started = toRfc3339(input.startedAtMs);
  const now = toRfc3339(input.nowMs);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.name, labels: node.labels, annotations: {}, creationTimestamp: started },
    spec: {},
    status: {
      capacity: resources(node.capacity),
      allocatable: resources(node.allocatable),
      conditions: [
        ...(input.diskPressure ? [{ type: 'DiskPressure', ...conditionFields(input.diskPressure), lastHeartbeatTime: now, lastTransitionTime: toRfc3339(Math.max(input.diskPressure.sinceMs, input.startedAtMs)) }] : []),
        readyCondition(input, now),
        ...serviceNetworkCondition(input, now),
      ],
      addresses: [
        { type: 'InternalIP', address: input.hostIP },
        { type: 'Hostname', address: node.name },
      ],
      nodeInfo: {
        kubeletVersion: input.agentVersion,
        containerRuntimeVersion: `docker://${input.engineVersion}`,
        operatingSystem: node.labels['kubernetes.io/os'] ?? 'linux',
        architecture: node.labels['kubernetes.io/arch'] ?? '',
        kernelVersion: input.kernelVersion,
        osImage: input.osImage,
      },
    },
  };
}

/** Pods that count against the node: not Succeeded or Failed (kubectl's "Non-terminated Pods"). */
export function nonTerminatedPods(pods: readonly ApiPod[]): ApiPod[] {
  return pods.filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
}
