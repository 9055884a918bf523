import type { Pod } from '../api/pod-types.js';
import { aggregateOverContainers } from '../api/pod-aggregate.js';
import { computeQosClass, type QosClass } from '../api/qos-class.js';
import { containerAmounts, podLevelAmounts, type ResourceAmounts } from './resource-amounts.js';
import { MIN_SHARES, milliCpuToQuota, milliCpuToShares, QUOTA_PERIOD } from './resource-formulas.js';

/** What the pod-level cgroup is held to; an absent field is left at the kernel's default (unlimited). */
export interface PodResources {
  qos: QosClass;
  cpuShares: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  memory?: number;
}

type Amount = keyof ResourceAmounts;

/**
 * The pod's effective amount (k8s `component-helpers/resource` `PodRequests` / `PodLimits`):
 * the app containers and sidecars together, or an init container beside the sidecars started
 * before it, whichever is larger (`aggregateOverContainers`).
 */
export function podAmount(pod: Pod, key: Amount): number {
  return aggregateOverContainers(pod, (c) => containerAmounts(c)[key]);
}

/**
 * kubelet `ResourceConfigForPod` (pkg/kubelet/cm/helpers_linux.go): Guaranteed pods get shares from
 * the summed requests, quota and memory from the summed limits; Burstable pods get shares, and a
 * quota (or memory limit) only when every container, init containers included, has a cpu (or
 * memory) limit; BestEffort pods get the minimum shares (2) and nothing else. Pod-level
 * `spec.resources` (PodLevelResources) replace the containers' sums for the resources they name
 * (`resourcehelper.PodRequests` / `PodLimits`), and a pod-level limit counts as declared.
 */
export function makePodResources(pod: Pod): PodResources {
  const qos = computeQosClass(pod);
  if (qos === 'BestEffort') return { qos, cpuShares: MIN_SHARES };
  const all = [...pod.spec.initContainers, ...pod.spec.containers].map(containerAmounts);
  const level = podLevelAmounts(pod);
  const cpuLimitsDeclared = (level.cpuLimitMilli ?? 0) > 0 || all.every((a) => a.cpuLimitMilli > 0);
  const memoryLimitsDeclared = (level.memoryLimitBytes ?? 0) > 0 || all.every((a) => a.memoryLimitBytes > 0);
  const resources: PodResources = { qos, cpuShares: milliCpuToShares(level.cpuRequestMilli ?? podAmount(pod, 'cpuRequestMilli')) };
  if (qos === 'Guaranteed' || cpuLimitsDeclared) {
    resources.cpuQuota = milliCpuToQuota(level.cpuLimitMilli ?? podAmount(pod, 'cpuLimitMilli'));
    resources.cpuPeriod = QUOTA_PERIOD;
  }
  if (qos === 'Guaranteed' || memoryLimitsDeclared) resources.memory = level.memoryLimitBytes ?? podAmount(pod, 'memoryLimitBytes');
  return resources;
}
