import { isPodLevelResourcesSet } from '../api/pod-level-resources.js';
import type { Pod } from '../api/pod-types.js';
import { podAmount } from './pod-resources.js';
import { podLevelAmounts } from './resource-amounts.js';

/** What pod-level `spec.resources` (KEP-2837) change in each of the pod's own container settings. */
export interface PodLevelShare {
  /** The pod's cpu limit in millicores (0 = none): the limit of a container that sets none. */
  cpuLimitMilli: number;
  /** The pod's memory limit in bytes (0 = none): the limit of a container that sets none. */
  memoryLimitBytes: number;
  /** The pod's memory request beyond its containers' aggregate, split evenly: added to each container's request for its OOM score. */
  extraMemoryRequestBytes: number;
}

/**
 * For a pod with pod-level resources, else undefined. kubelet `getCPULimit` / `getMemoryLimit`
 * (pkg/kubelet/kuberuntime/kuberuntime_container_linux.go): a container without a cpu (memory)
 * limit of its own has the pod's in its container config, not in its spec; qos/policy.go
 * `remainingPodMemReqPerContainer`: (pod memory request − aggregate container requests) / number
 * of init and app containers, integer division, when the pod requests memory.
 */
export function podLevelShare(pod: Pod): PodLevelShare | undefined {
  if (!isPodLevelResourcesSet(pod.spec)) return undefined;
  const level = podLevelAmounts(pod);
  const podMemoryRequest = level.memoryRequestBytes ?? 0;
  const containers = pod.spec.containers.length + pod.spec.initContainers.length;
  const remaining = podMemoryRequest - podAmount(pod, 'memoryRequestBytes');
  return {
    cpuLimitMilli: level.cpuLimitMilli ?? 0,
    memoryLimitBytes: level.memoryLimitBytes ?? 0,
    extraMemoryRequestBytes: podMemoryRequest === 0 || containers === 0 ? 0 : Math.trunc(remaining / containers),
  };
}
