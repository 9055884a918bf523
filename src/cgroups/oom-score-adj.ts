import type { Container } from '../api/pod-types.js';
import type { QosClass } from '../api/qos-class.js';
import { containerAmounts } from './resource-amounts.js';

/** k8s `pkg/kubelet/qos/policy.go`. */
export const GUARANTEED_OOM_SCORE_ADJ = -997;
export const BESTEFFORT_OOM_SCORE_ADJ = 1000;

/**
 * kubelet `GetContainerOOMScoreAdjust`: Guaranteed −997, BestEffort 1000, Burstable
 * `1000 − 1000 × memoryRequest / memoryCapacity` (integer division), raised to 3 when lower and
 * lowered to 999 when it would equal BestEffort's 1000. Node-critical pods (priorityClassName
 * `system-node-critical`) also get −997 in the kubelet; minikubelet does not support
 * priorityClassName, so that branch never applies. `extraRequestBytes` is the container's share
 * of a pod-level memory request beyond the containers' own (`PodLevelShare`), counted as its own.
 */
export function containerOomScoreAdj(qos: QosClass, container: Container, memoryCapacityBytes: number, extraRequestBytes = 0): number {
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BESTEFFORT_OOM_SCORE_ADJ;
  const request = BigInt(containerAmounts(container).memoryRequestBytes + extraRequestBytes);
  const capacity = BigInt(Math.max(1, memoryCapacityBytes));
  const adjust = 1000 - Number((1000n * request) / capacity);
  if (adjust < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adjust === BESTEFFORT_OOM_SCORE_ADJ) return adjust - 1;
  return adjust;
}
