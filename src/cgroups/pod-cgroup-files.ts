import type { PodResources } from './pod-resources.js';
import { sharesToCpuWeight } from './resource-formulas.js';

/** One value to write: `controller` is the v1 hierarchy (`cpu`, `memory`, `pids`), empty on v2. */
export interface CgroupFileWrite {
  controller: string;
  file: string;
  value: string;
}

import type { CgroupVersion } from '../runtime/cgroup-layout.js';

export type { CgroupVersion };

/** The v1 hierarchies a pod cgroup is created in before its limits are written. */
export const V1_CONTROLLERS = ['cpu', 'memory', 'pids'] as const;
/** The v2 controllers enabled (`cgroup.subtree_control`) on the way down to the pod. */
export const V2_CONTROLLERS = ['cpu', 'memory', 'pids'] as const;

/**
 * The files the kubelet's cgroup manager (runc libcontainer `fs`/`fs2`) writes for a pod cgroup,
 * in a safe order: the period before the quota; `pids.max` only with `--pod-max-pids`.
 * v1: `cpu.shares`, `cpu.cfs_period_us`, `cpu.cfs_quota_us`, `memory.limit_in_bytes`, `pids.max`.
 * v2: `cpu.weight`, `cpu.max` (`"<quota> <period>"`), `memory.max`, `pids.max`.
 */
export function makePodCgroupFiles(resources: PodResources, podPidsLimit: number | undefined, version: CgroupVersion): CgroupFileWrite[] {
  const writes: CgroupFileWrite[] = [];
  const add = (controller: string, v1File: string, v2File: string, value: string) =>
    writes.push(version === 1 ? { controller, file: v1File, value } : { controller: '', file: v2File, value });
  if (version === 1) {
    add('cpu', 'cpu.shares', '', String(resources.cpuShares));
    if (resources.cpuQuota !== undefined && resources.cpuPeriod !== undefined) {
      add('cpu', 'cpu.cfs_period_us', '', String(resources.cpuPeriod));
      add('cpu', 'cpu.cfs_quota_us', '', String(resources.cpuQuota));
    }
  } else {
    add('cpu', '', 'cpu.weight', String(sharesToCpuWeight(resources.cpuShares)));
    if (resources.cpuQuota !== undefined && resources.cpuPeriod !== undefined)
      add('cpu', '', 'cpu.max', `${resources.cpuQuota > 0 ? resources.cpuQuota : 'max'} ${resources.cpuPeriod}`);
  }
  if (resources.memory !== undefined && resources.memory > 0)
    add('memory', 'memory.limit_in_bytes', 'memory.max', String(resources.memory));
  if (podPidsLimit !== undefined && podPidsLimit > 0) add('pids', 'pids.max', 'pids.max', String(podPidsLimit));
  return writes;
}
