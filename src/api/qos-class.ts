import type { Container, Pod, ResourceRequirements } from './pod-types.js';
import type { PodStatus } from './pod-status-types.js';
import { parseQuantity, quantityMilliValue } from './quantity.js';

export type QosClass = NonNullable<PodStatus['qosClass']>;

const QOS_RESOURCES = ['cpu', 'memory'] as const;

/** The quantity in thousandths of its unit, when it parses and is above zero. */
function positive(quantity: string | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const parsed = parseQuantity(quantity);
  if (!parsed.ok) return undefined;
  const milli = quantityMilliValue(parsed.value);
  return milli > 0 ? milli : undefined;
}

function addTo(sums: Map<string, number>, name: string, value: number | undefined): void {
  if (value !== undefined) sums.set(name, (sums.get(name) ?? 0) + value);
}

/**
 * k8s `ComputePodQOS` (pkg/apis/core/v1/helper/qos/qos.go) over init and app containers, cpu and
 * memory only, zero counting as unset. Requests default to limits, as API defaulting does. With
 * pod-level `spec.resources` present (PodLevelResources, on in 1.34) those alone decide, whatever
 * the containers ask: the same rule over the one pod-level requirement.
 */
export function computeQosClass(pod: Pod): QosClass {
  if (pod.spec.resources !== undefined) return qosOf([pod.spec.resources]);
  const all: Container[] = [...pod.spec.containers, ...pod.spec.initContainers];
  return qosOf(all.map((c) => c.resources));
}

function qosOf(all: ResourceRequirements[]): QosClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const resources of all) {
    for (const name of QOS_RESOURCES) {
      const limit = positive(resources.limits[name]);
      addTo(requests, name, positive(resources.requests[name] ?? resources.limits[name]));
      addTo(limits, name, limit);
      if (limit === undefined) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed && requests.size === limits.size && [...requests].every(([name, req]) => limits.get(name) === req)) {
    return 'Guaranteed';
  }
  return 'Burstable';
}
