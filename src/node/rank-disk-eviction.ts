import { memoryToBytes } from '../api/quantity.js';
import type { Pod } from '../api/pod-types.js';
import type { ThresholdMet } from './disk-pressure.js';

/** What a pod uses of the disk: each container's writable layer and logs, and its local volumes. */
export interface PodDiskUsage {
  pod: Pod;
  containers: ReadonlyArray<{ name: string; usageBytes: number }>;
  volumesBytes: number;
}

/**
 * The order the kubelet evicts pods in under disk pressure (k8s `pkg/kubelet/eviction/helpers.go`
 * `rankDiskPressureFunc`): pods using more ephemeral-storage than they request first, then lower
 * priority first, then the largest usage above the request first. Static pods have no
 * PriorityClass (minikubelet accepts no `priority`): every pod has priority 0, so that step never
 * separates two pods here. Pure; returns a new array, the first to evict first.
 */
export function rankForDiskEviction(pods: readonly PodDiskUsage[]): PodDiskUsage[] {
  const keyed = pods.map((p) => {
    const usage = podUsageBytes(p);
    const request = podEphemeralStorageRequest(p.pod);
    return { p, exceeds: usage > request, above: usage - request };
  });
  keyed.sort((a, b) => Number(b.exceeds) - Number(a.exceeds) || b.above - a.above);
  return keyed.map((k) => k.p);
}

export function podUsageBytes(p: PodDiskUsage): number {
  return p.volumesBytes + p.containers.reduce((sum, c) => sum + c.usageBytes, 0);
}

/** kubelet `podRequest`: the larger of the app containers' sum and the largest init container. */
export function podEphemeralStorageRequest(pod: Pod): number {
  const request = (c: { resources: { requests: Record<string, string> } }) => {
    const text = c.resources.requests['ephemeral-storage'];
    const bytes = text === undefined ? undefined : memoryToBytes(text);
    return bytes?.ok ? bytes.value : 0;
  };
  const apps = pod.spec.containers.reduce((sum, c) => sum + request(c), 0);
  return Math.max(apps, ...pod.spec.initContainers.map(request));
}

/**
 * The kubelet's eviction message (helpers.go `evictionMessage`): the resource, the threshold and
 * what was left, then each container using more than it requests.
 */
export function diskEvictionMessage(met: ThresholdMet, usage: PodDiskUsage): string {
  let message = `The node was low on resource: ephemeral-storage. Threshold quantity: ${binarySi(met.thresholdAmount)}, available: ${binarySi(met.available)}. `;
  for (const c of usage.containers) {
    const spec = usage.pod.spec.containers.find((s) => s.name === c.name);
    const requestText = spec?.resources.requests['ephemeral-storage'] ?? '0';
    const requested = memoryToBytes(requestText);
    if (c.usageBytes > (requested.ok ? requested.value : 0)) {
      message += `Container ${c.name} was using ${binarySi(c.usageBytes)}, request is ${requestText}, has larger consumption of ephemeral-storage. `;
    }
  }
  return message;
}

const BINARY_SUFFIXES: Array<[string, number]> = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/** An amount of bytes as a BinarySI `resource.Quantity` prints it: the largest exact suffix, else plain. */
export function binarySi(bytes: number): string {
  for (const [suffix, size] of BINARY_SUFFIXES) if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${suffix}`;
  return String(bytes);
}
