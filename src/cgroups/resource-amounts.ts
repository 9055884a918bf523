import type { Container, Pod, ResourceRequirements } from '../api/pod-types.js';
import { mustParseQuantity, quantityMilliValue, quantityValue } from '../api/quantity.js';

/**
 * A container's cpu (millicores) and memory (bytes) requests and limits, 0 when unset, as the
 * kubelet reads them (`Requests.Cpu().MilliValue()`, `Limits.Memory().Value()`: rounded up).
 * Quantities were validated at parse time, so a parse failure here is a bug.
 */
export interface ResourceAmounts {
  cpuRequestMilli: number;
  cpuLimitMilli: number;
  memoryRequestBytes: number;
  memoryLimitBytes: number;
}

function milli(list: Record<string, string>, name: string): number {
  const text = list[name];
  return text === undefined ? 0 : Math.max(0, quantityMilliValue(mustParseQuantity(text)));
}

function bytes(list: Record<string, string>, name: string): number {
  const text = list[name];
  return text === undefined ? 0 : Math.max(0, quantityValue(mustParseQuantity(text)));
}

export function resourceAmounts(resources: ResourceRequirements): ResourceAmounts {
  return {
    cpuRequestMilli: milli(resources.requests, 'cpu'),
    cpuLimitMilli: milli(resources.limits, 'cpu'),
    memoryRequestBytes: bytes(resources.requests, 'memory'),
    memoryLimitBytes: bytes(resources.limits, 'memory'),
  };
}

export function containerAmounts(c: Container): ResourceAmounts {
  return resourceAmounts(c.resources);
}

/**
 * The pod-level amounts (`spec.resources`, KEP-2837) the pod sets, in the same units; a resource
 * it does not name is absent (the containers' aggregate applies to it).
 */
export function podLevelAmounts(pod: Pod): Partial<ResourceAmounts> {
  const r = pod.spec.resources;
  const amounts: Partial<ResourceAmounts> = {};
  if (!r) return amounts;
  if (r.requests.cpu !== undefined) amounts.cpuRequestMilli = milli(r.requests, 'cpu');
  if (r.limits.cpu !== undefined) amounts.cpuLimitMilli = milli(r.limits, 'cpu');
  if (r.requests.memory !== undefined) amounts.memoryRequestBytes = bytes(r.requests, 'memory');
  if (r.limits.memory !== undefined) amounts.memoryLimitBytes = bytes(r.limits, 'memory');
  return amounts;
}
