import type { Container } from '../api/pod-types.js';
import type { QosClass } from '../api/qos-class.js';
import type { CgroupLimits } from '../runtime/types.js';
import { makeContainerResources } from './container-resources.js';
import type { NodeLimits } from './node-limits.js';
import { containerOomScoreAdj } from './oom-score-adj.js';
import type { PodLevelShare } from './pod-level-share.js';

export interface ContainerCgroupSettings {
  cpuShares: number;
  limits: CgroupLimits;
  /** Unset where the engine cannot lower OOM scores and the kubelet's value is negative (Guaranteed −997). */
  oomScoreAdj?: number;
}

/**
 * Everything cgroup-related Docker gets for one init or app container: the kubelet's per-container
 * values (`makeContainerResources`), its OOM score for the pod's QoS class (`PodFacts`), and `--pod-max-pids` as
 * the container's PidsLimit (the pod cgroup carries the same limit for the pod as a whole).
 * `podLevel` is the pod's pod-level resources' part (`podLevelShare`), for a pod that has them.
 */
export function makeCgroupSettings(container: Container, qosClass: QosClass, node: NodeLimits, podLevel?: PodLevelShare): ContainerCgroupSettings {
  const r = makeContainerResources(container, podLevel);
  const limits: CgroupLimits = { cpuQuota: r.cpuQuota, cpuPeriod: r.cpuPeriod };
  if (r.memory !== undefined) {
    limits.memory = r.memory;
    limits.memorySwap = r.memorySwap ?? r.memory;
  }
  if (node.podPidsLimit !== undefined && node.podPidsLimit > 0) limits.pidsLimit = node.podPidsLimit;
  const settings: ContainerCgroupSettings = { cpuShares: r.cpuShares, limits };
  const oom = containerOomScoreAdj(qosClass, container, node.memoryCapacityBytes, podLevel?.extraMemoryRequestBytes);
  if (oom >= 0 || node.canLowerOomScore) settings.oomScoreAdj = oom;
  return settings;
}
