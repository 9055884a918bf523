import type { CgroupVersion } from '../runtime/cgroup-layout.js';
import type { PodResources } from './pod-resources.js';
import { sharesToCpuWeight } from './resource-formulas.js';

/** One property of a systemd unit as its D-Bus API takes it: name, D-Bus signature, value. */
export interface UnitProperty {
  name: string;
  signature: 'b' | 't' | 's';
  value: boolean | number | string;
}

/** systemd keeps a CPU quota in whole percents of a CPU: 10 ms per second. */
const QUOTA_PER_SEC_STEP = 10_000;

/**
 * The properties of a pod's slice under the systemd cgroup driver, as the kubelet's cgroup manager
 * (runc libcontainer/cgroups/systemd, `genV1ResourcesProperties` / `genV2ResourcesProperties`) sets
 * them: accounting on, the v2 `CPUWeight` from the shares (v1: `CPUShares`), the quota as
 * `CPUQuotaPerSecUSec` (quota × 1 s / period, rounded UP to a whole percent so the child
 * containers' own `cpu.max` fits under it) with its `CPUQuotaPeriodUSec`, `MemoryMax` (v1:
 * `MemoryLimit`) and `TasksMax` from `--pod-max-pids`. systemd then writes `cpu.weight`, `cpu.max`,
 * `memory.max` and `pids.max` on the slice's cgroup.
 */
export function makeSliceProperties(resources: PodResources, podPidsLimit: number | undefined, version: CgroupVersion): UnitProperty[] {
  const props: UnitProperty[] = [
    { name: 'Description', signature: 's', value: `minikubelet pod cgroup (${resources.qos})` },
    // Like runc: no implicit ordering on shutdown.target, so a poweroff does not stop the slice before its containers.
    { name: 'DefaultDependencies', signature: 'b', value: false },
    { name: 'CPUAccounting', signature: 'b', value: true },
    { name: 'MemoryAccounting', signature: 'b', value: true },
    { name: 'TasksAccounting', signature: 'b', value: true },
  ];
  if (version === 2) props.push({ name: 'CPUWeight', signature: 't', value: sharesToCpuWeight(resources.cpuShares) });
  else props.push({ name: 'CPUShares', signature: 't', value: resources.cpuShares });
  if (resources.cpuQuota !== undefined && resources.cpuQuota > 0 && resources.cpuPeriod !== undefined) {
    props.push({ name: 'CPUQuotaPerSecUSec', signature: 't', value: cpuQuotaPerSecUSec(resources.cpuQuota, resources.cpuPeriod) });
    props.push({ name: 'CPUQuotaPeriodUSec', signature: 't', value: resources.cpuPeriod });
  }
  if (resources.memory !== undefined && resources.memory > 0)
    props.push({ name: version === 2 ? 'MemoryMax' : 'MemoryLimit', signature: 't', value: resources.memory });
  if (podPidsLimit !== undefined && podPidsLimit > 0) props.push({ name: 'TasksMax', signature: 't', value: podPidsLimit });
  return props;
}

/** runc `addCpuQuota`: microseconds of CPU per second of wall time, rounded up to a whole percent. */
export function cpuQuotaPerSecUSec(quota: number, period: number): number {
  const perSec = Math.floor((quota * 1_000_000) / period);
  return perSec % QUOTA_PER_SEC_STEP === 0 ? perSec : (Math.floor(perSec / QUOTA_PER_SEC_STEP) + 1) * QUOTA_PER_SEC_STEP;
}
