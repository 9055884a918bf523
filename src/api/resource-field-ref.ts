import type { Container } from './pod-types.js';
import type { ResourceFieldSelector } from './projection-types.js';
import { mustParseQuantity, quantityMilliValue, quantityValue } from './quantity.js';

/** The node's allocatable resources: what a limit that is not set means to the downward API. */
export interface NodeAllocatable {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
}

/**
 * The value of a `resourceFieldRef` for a container (k8s `pkg/api/v1/resource/helpers.go`
 * `ExtractContainerResourceValue`, with the kubelet's `defaultPodLimitsForDownwardAPI`: a limit
 * that is not set is the node's allocatable). CPU is `ceil(milliValue / divisor.milliValue)`,
 * bytes `ceil(value / divisor.value)`, in float64 as Go computes them; a zero divisor means 1.
 */
export function resolveResourceField(ref: ResourceFieldSelector, container: Container, node: NodeAllocatable): string {
  const divisorText = ref.divisor !== undefined && mustParseQuantity(ref.divisor).numerator !== 0n ? ref.divisor : '1';
  const divisor = mustParseQuantity(divisorText);
  const [kind, resource] = ref.resource.split('.') as ['limits' | 'requests', 'cpu' | 'memory' | 'ephemeral-storage'];
  const set = container.resources[kind][resource];
  if (resource === 'cpu') {
    const millis = set !== undefined ? quantityMilliValue(mustParseQuantity(set)) : kind === 'limits' ? node.cpuMillis : 0;
    return String(Math.ceil(millis / quantityMilliValue(divisor)));
  }
  const allocatable = resource === 'memory' ? node.memoryBytes : node.ephemeralStorageBytes;
  const bytes = set !== undefined ? quantityValue(mustParseQuantity(set)) : kind === 'limits' ? allocatable : 0;
  return String(Math.ceil(bytes / quantityValue(divisor)));
}
