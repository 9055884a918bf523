import type { Container, ResourceRequirements } from '../api/pod-types.js';
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
