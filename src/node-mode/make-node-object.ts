import { isDeepStrictEqual } from 'node:util';
import type { ApiNode } from '../node/api-node.js';
import type { Taint } from './node-taints.js';

/**
 * The kubelet version this node reports: the API version it speaks (1.20.2, the version tested),
 * with semver build metadata naming minikubelet, so version comparisons treat it as 1.20.2.
 */
export const NODE_KUBELET_VERSION = 'v1.20.2+minikubelet';

/** An image as `status.images` lists it. */
export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

export interface NodeObjectInput {
  /** What `describe node` shows today (`toApiNode`): labels, capacity, conditions, nodeInfo. */
  local: ApiNode;
  /** `--node-ip`, else the detected host IP. */
  nodeIP: string;
  taints: readonly Taint[];
  /** The kubelet port the API server connects to (`daemonEndpoints.kubeletEndpoint.Port`). */
  kubeletPort: number;
  machineID: string;
  bootID: string;
  /** The engine's images, largest first after `makeNodeObject`. */
  images: readonly { repoTags: readonly string[]; id: string; sizeBytes: number }[];
  /** The node's root filesystem size (ephemeral-storage), bytes. */
  ephemeralStorageBytes: number;
  startedAtMs: number;
}

/** The v1 Node the API server gets (k8s `pkg/kubelet/kubelet_node_status.go` `initialNode`, `nodestatus/setters.go`). */
export interface NodeObject {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string>; uid?: string; resourceVersion?: string };
  spec: { taints?: Taint[] };
  status: ApiNode['status'] & {
    daemonEndpoints: { kubeletEndpoint: { Port: number } };
    images: NodeImage[];
    nodeInfo: ApiNode['status']['nodeInfo'] & { machineID: string; systemUUID: string; bootID: string; kubeProxyVersion: string };
  };
}

/** kubelet `nodeStatusMaxImages`. */
const MAX_IMAGES = 50;

type Condition = ApiNode['status']['conditions'][number];

/**
 * The pressure conditions first, Ready last, with the kubelet's reasons (`setters.go`): memory and
 * PID pressure are not measured here, so they stay False from the agent's start.
 */
function nodeConditions(local: ApiNode, startedAt: string): Condition[] {
  const byType = new Map(local.status.conditions.map((c) => [c.type, c]));
  const ready = byType.get('Ready');
  const heartbeat = ready?.lastHeartbeatTime ?? startedAt;
  const ok = (type: string, reason: string, message: string): Condition => ({ type, status: 'False', reason, message, lastHeartbeatTime: heartbeat, lastTransitionTime: startedAt });
  const disk = byType.get('DiskPressure');
  return [
    ok('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    disk ? { ...disk, reason: disk.status === 'True' ? 'KubeletHasDiskPressure' : 'KubeletHasNoDiskPressure', message: disk.status === 'True' ? disk.message : 'kubelet has no disk pressure' } : ok('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    ok('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ...(ready ? [{ ...ready, message: ready.status === 'True' ? 'kubelet is posting ready status' : ready.message }] : []),
  ];
}

export function makeNodeObject(input: NodeObjectInput): NodeObject {
  const { local } = input;
  const startedAt = local.metadata.creationTimestamp;
  const labels = { ...local.metadata.labels };
  // The beta pair the 1.20 kubelet still sets (k8s PR #96810).
  labels['beta.kubernetes.io/os'] ??= labels['kubernetes.io/os'] ?? 'linux';
  labels['beta.kubernetes.io/arch'] ??= labels['kubernetes.io/arch'] ?? '';
  const ephemeral = String(input.ephemeralStorageBytes);
  // Allocatable ephemeral storage: 90 %, the default hard-eviction reservation (nodefs.available<10%).
  const allocatableEphemeral = String(Math.floor(input.ephemeralStorageBytes * 0.9));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: local.metadata.name, labels, annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
    spec: input.taints.length > 0 ? { taints: [...input.taints] } : {},
    status: {
      capacity: { ...local.status.capacity, 'ephemeral-storage': ephemeral },
      allocatable: { ...local.status.allocatable, 'ephemeral-storage': allocatableEphemeral },
      conditions: nodeConditions(local, startedAt),
      addresses: [{ type: 'InternalIP', address: input.nodeIP }, { type: 'Hostname', address: local.metadata.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: input.kubeletPort } },
      nodeInfo: {
        ...local.status.nodeInfo,
        kubeletVersion: NODE_KUBELET_VERSION, kubeProxyVersion: NODE_KUBELET_VERSION,
        machineID: input.machineID, systemUUID: input.machineID, bootID: input.bootID,
      },
      images: [...input.images]
        .filter((i) => i.repoTags.length > 0)
        .sort((a, b) => b.sizeBytes - a.sizeBytes)
        .slice(0, MAX_IMAGES)
        .map((i) => ({ names: [...i.repoTags.slice(0, 5)], sizeBytes: i.sizeBytes })),
    },
  };
}

/** Status minus the heartbeats: what decides whether a PATCH goes out before the report period. */
function withoutHeartbeats(status: NodeObject['status']): unknown {
  return { ...status, conditions: status.conditions.map(({ lastHeartbeatTime: _h, ...rest }) => rest) };
}

/** What a condition says, timestamps aside. */
function conditionStates(conditions: readonly Condition[] | undefined): string {
  return JSON.stringify((conditions ?? []).map((c) => [c.type, c.status, c.reason]).sort());
}

/**
 * kubelet `tryUpdateNodeStatus`: send when the status changed since the last one sent (heartbeats
 * aside), when the API's conditions say something else (the node lifecycle controller set them
 * `Unknown` while the agent could not reach it), or when the report period passed. The API's copy
 * is compared by condition only: it writes quantities in canonical form (`1000` → `1k`).
 */
export function shouldPatchNodeStatus(
  api: { conditions?: Condition[] } | undefined,
  lastSent: NodeObject['status'] | undefined,
  next: NodeObject['status'],
  lastSentMs: number,
  nowMs: number,
  reportEveryMs: number,
): boolean {
  if (!lastSent || nowMs - lastSentMs >= reportEveryMs) return true;
  if (api && conditionStates(api.conditions) !== conditionStates(next.conditions)) return true;
  return !isDeepStrictEqual(withoutHeartbeats(lastSent), withoutHeartbeats(next));
}

/**
 * An existing Node of the same name, adopted (kubelet `reconcileExistingNode`/`updateDefaultLabels`):
 * the default labels are set to ours; spec and taints are left alone. Returns the labels to patch,
 * or undefined when nothing differs.
 */
export function reconcileLabels(existing: Record<string, string> | undefined, wanted: Record<string, string>): Record<string, string> | undefined {
  const patch: Record<string, string> = {};
  for (const [k, v] of Object.entries(wanted)) if (existing?.[k] !== v) patch[k] = v;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
