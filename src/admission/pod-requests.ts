import { aggregateOverContainers } from '../api/pod-aggregate.js';
import type { Pod } from '../api/pod-types.js';
import { cpuToMillicores, memoryToBytes } from '../api/quantity.js';

export interface PodRequests {
  cpuMillis: number;
  memoryBytes: number;
}

function amount(text: string, name: 'cpu' | 'memory'): number {
  const parsed = name === 'cpu' ? cpuToMillicores(text) : memoryToBytes(text);
  return parsed.ok ? parsed.value : 0;
}

function request(map: Record<string, string>, limits: Record<string, string>, name: 'cpu' | 'memory'): number {
  const text = map[name] ?? limits[name];
  return text === undefined ? 0 : amount(text, name);
}

/** A pod-level amount replaces the containers' for the resources it names (k8s `resourcehelper.PodRequests` / `PodLimits`). */
function withPodLevel<T extends { cpuMillis?: number; memoryBytes?: number }>(sum: T, podLevel: Record<string, string> | undefined): T {
  if (podLevel?.cpu !== undefined) sum.cpuMillis = amount(podLevel.cpu, 'cpu');
  if (podLevel?.memory !== undefined) sum.memoryBytes = amount(podLevel.memory, 'memory');
  return sum;
}

/**
 * What the pod asks of the node (k8s `resourcehelper.PodRequests`): the sum over app containers
 * and sidecars, or an init container's request beside the sidecars before it when that is bigger
 * (`aggregateOverContainers`); a pod-level request (`spec.resources.requests`) instead,
 * for cpu or memory when the pod sets one.
 */
export function podRequests(pod: Pod): PodRequests {
  const sum: PodRequests = {
    cpuMillis: aggregateOverContainers(pod, (c) => request(c.resources.requests, c.resources.limits, 'cpu')),
    memoryBytes: aggregateOverContainers(pod, (c) => request(c.resources.requests, c.resources.limits, 'memory')),
  };
  return withPodLevel(sum, pod.spec.resources?.requests);
}

/**
 * The sum of limits where every container sets one (else undefined: unbounded), or the pod-level
 * limit where the pod sets one, for `describe node`.
 */
export function podLimits(pod: Pod): { cpuMillis?: number; memoryBytes?: number } {
  const out: { cpuMillis?: number; memoryBytes?: number } = {};
  for (const name of ['cpu', 'memory'] as const) {
    let total = 0;
    for (const c of pod.spec.containers) {
      const text = c.resources.limits[name];
      if (text === undefined) {
        total = Number.NaN;
        break;
      }
      const parsed = name === 'cpu' ? cpuToMillicores(text) : memoryToBytes(text);
      total += parsed.ok ? parsed.value : 0;
    }
    if (!Number.isNaN(total)) out[name === 'cpu' ? 'cpuMillis' : 'memoryBytes'] = total;
  }
  return withPodLevel(out, pod.spec.resources?.limits);
}
