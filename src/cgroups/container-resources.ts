import type { Container } from '../api/pod-types.js';
import type { PodLevelShare } from './pod-level-share.js';
import { containerAmounts } from './resource-amounts.js';
import { milliCpuToQuota, milliCpuToShares, QUOTA_PERIOD } from './resource-formulas.js';

/** The per-container cgroup values Docker receives (HostConfig), in Docker's units. */
export interface ContainerResources {
  cpuShares: number;
  /** Always 100000 (kubelet `cpuCFSQuota` is on by default). */
  cpuPeriod: number;
  /** 0 = no limit. */
  cpuQuota: number;
  /** Bytes; undefined = no limit. */
  memory?: number;
  /** Equal to `memory`: no swap (cri-dockerd). */
  memorySwap?: number;
}

/**
 * kubelet `calculateLinuxResources` (pkg/kubelet/kuberuntime/kuberuntime_container_linux.go) as
 * cri-dockerd hands it to Docker: shares from the cpu request (from the limit when the request is
 * zero; 2 when neither), quota from the cpu limit with the period always set, memory from the
 * memory limit with `MemorySwap = Memory` so the container cannot swap. A memory request sets no
 * cgroup value. In a pod with pod-level resources (`podLevel`), a container without a cpu or
 * memory limit takes the pod's (kubelet `getCPULimit` / `getMemoryLimit`).
 */
export function makeContainerResources(container: Container, podLevel?: PodLevelShare): ContainerResources {
  const a = containerAmounts(container);
  const cpuLimitMilli = a.cpuLimitMilli || (podLevel?.cpuLimitMilli ?? 0);
  const memoryLimitBytes = a.memoryLimitBytes || (podLevel?.memoryLimitBytes ?? 0);
  const sharesFrom = a.cpuRequestMilli === 0 && cpuLimitMilli !== 0 ? cpuLimitMilli : a.cpuRequestMilli;
  const resources: ContainerResources = {
    cpuShares: milliCpuToShares(sharesFrom),
    cpuPeriod: QUOTA_PERIOD,
    cpuQuota: milliCpuToQuota(cpuLimitMilli),
  };
  if (memoryLimitBytes > 0) {
    resources.memory = memoryLimitBytes;
    resources.memorySwap = memoryLimitBytes;
  }
  return resources;
}
