/**
 * The kubelet's CPU conversions (k8s `pkg/kubelet/cm/helpers_linux.go`), exact integer arithmetic.
 * Values are what Docker receives as CpuShares / CpuQuota / CpuPeriod; on cgroup v2 the engine (runc)
 * converts shares to `cpu.weight` itself, and `sharesToCpuWeight` does the same for pod cgroups.
 */

export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const SHARES_PER_CPU = 1024;
/** `QuotaPeriod`: 100 ms in microseconds, always set on containers (cpuCFSQuota defaults to true). */
export const QUOTA_PERIOD = 100000;
/** `MinQuotaPeriod`: a quota below 1 ms is raised to 1 ms. */
export const MIN_QUOTA = 1000;

/** `MilliCPUToShares`: 0 → 2; else floor(m × 1024 / 1000), clamped to [2, 262144]. */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu <= 0) return MIN_SHARES;
  const shares = Math.floor((milliCpu * SHARES_PER_CPU) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/** `MilliCPUToQuota`: 0 → 0 (no limit); else floor(m × period / 1000), at least 1000. */
export function milliCpuToQuota(milliCpu: number, period = QUOTA_PERIOD): number {
  if (milliCpu <= 0) return 0;
  return Math.max(MIN_QUOTA, Math.floor((milliCpu * period) / 1000));
}

/**
 * runc `ConvertCPUSharesToCgroupV2Value` (libcontainer/cgroups/utils.go): the cgroup v2
 * `cpu.weight` (1–10000) for v1 shares (2–262144); 0 means "not set".
 */
export function sharesToCpuWeight(shares: number): number {
  if (shares === 0) return 0;
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}
