/**
 * A cgroup's CPU and memory use, parsed from its files as cAdvisor reads them for the kubelet
 * (cadvisor `container/libcontainer/handler.go` `setMemoryStats`, the kubelet's
 * `pod_memory_working_set_bytes`): the working set is the usage minus the inactive file cache,
 * the pages the kernel reclaims first, never below 0. Pure: the texts in, numbers out.
 *
 * | | cgroup v1 | cgroup v2 |
 * | --- | --- | --- |
 * | memory usage | `memory/…/memory.usage_in_bytes` | `…/memory.current` |
 * | inactive file | `memory.stat` `total_inactive_file` (the hierarchy's) | `memory.stat` `inactive_file` |
 * | CPU time | `cpuacct/…/cpuacct.usage` (ns) | `cpu.stat` `usage_usec` |
 * | OOM kills | `memory.oom_control` `oom_kill` (kernel 4.13+) | `memory.events` `oom_kill` |
 */
import type { CgroupVersion } from '../runtime/cgroup-layout.js';

export interface CgroupUsage {
  memoryUsageBytes: number;
  memoryWorkingSetBytes: number;
  cpuUsageSeconds: number;
}

/** The files `computeCgroupUsage` reads, as text (`cgroup-usage-reader.ts` reads them). */
export interface CgroupUsageFiles {
  /** v1 `memory.usage_in_bytes`, v2 `memory.current`. */
  memoryUsage: string;
  memoryStat: string;
  /** v1 `cpuacct.usage`, v2 `cpu.stat`. */
  cpu: string;
}

/** A flat-keyed file (`memory.stat`, `cpu.stat`, `memory.events`, `memory.oom_control`): `key value` lines. */
export function parseFlatKeyed(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value, extra] = line.trim().split(/\s+/);
    if (!key || value === undefined || extra !== undefined) continue;
    const n = Number(value);
    if (Number.isFinite(n)) values.set(key, n);
  }
  return values;
}

function singleNumber(text: string): number | undefined {
  const trimmed = text.trim();
  const n = trimmed === '' ? NaN : Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

/** undefined when a file does not read as its version writes it (a wrong path, another kernel). */
export function computeCgroupUsage(version: CgroupVersion, files: CgroupUsageFiles): CgroupUsage | undefined {
  const usage = singleNumber(files.memoryUsage);
  const stat = parseFlatKeyed(files.memoryStat);
  const inactiveFile = stat.get(version === 1 ? 'total_inactive_file' : 'inactive_file');
  const cpuSeconds = version === 1 ? nanosToSeconds(singleNumber(files.cpu)) : microsToSeconds(parseFlatKeyed(files.cpu).get('usage_usec'));
  if (usage === undefined || inactiveFile === undefined || cpuSeconds === undefined) return undefined;
  return { memoryUsageBytes: usage, memoryWorkingSetBytes: Math.max(0, usage - inactiveFile), cpuUsageSeconds: cpuSeconds };
}

function nanosToSeconds(n: number | undefined): number | undefined {
  return n === undefined ? undefined : n / 1e9;
}

function microsToSeconds(n: number | undefined): number | undefined {
  return n === undefined ? undefined : n / 1e6;
}

/**
 * The processes of the cgroup (and below it) the OOM killer has killed: `oom_kill` of v2
 * `memory.events` or v1 `memory.oom_control`; undefined where the kernel does not count them.
 */
export function parseOomKillCount(text: string): number | undefined {
  return parseFlatKeyed(text).get('oom_kill');
}
