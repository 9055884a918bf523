/**
 * The node's CPU and memory, as the kubelet's Summary API reports them for the node (cAdvisor's
 * root cgroup): read from /proc/stat and /proc/meminfo, which are the host's even for an agent in
 * a container. Parsing is pure; `readHostUsage` reads the files.
 */
import { readFile } from 'node:fs/promises';

export interface HostUsage {
  timeMs: number;
  /** When the host booted (epoch ms): the node's startTime. */
  bootTimeMs: number;
  /** CPU time not idle on all cores since boot, nanoseconds. */
  cpuUsageCoreNanoSeconds: number;
  memoryCapacityBytes: number;
  /** Not free: MemTotal − MemFree. */
  memoryUsageBytes: number;
  /** Usage less inactive file pages (the kubelet's memory.available is capacity − working set). */
  memoryWorkingSetBytes: number;
  memoryAvailableBytes: number;
  memoryRssBytes: number;
}

/** USER_HZ, the unit of /proc/stat's CPU times, is 100 on every Linux architecture the engine runs on. */
const NANOS_PER_TICK = 10_000_000;

/** /proc/stat: the `cpu` line's busy times (user nice system irq softirq steal; guest time is inside user) and `btime`. */
export function parseProcStat(text: string): { cpuUsageCoreNanoSeconds: number; bootTimeMs: number } {
  const cpu = /^cpu\s+(.+)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number);
  const btime = /^btime\s+(\d+)$/m.exec(text)?.[1];
  if (cpu === undefined || cpu.length < 8 || cpu.some((n) => !Number.isFinite(n)) || btime === undefined) {
    throw new Error('/proc/stat has no "cpu" line of 8 numbers or no "btime" line');
  }
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return { cpuUsageCoreNanoSeconds: (user + nice + system + irq + softirq + steal) * NANOS_PER_TICK, bootTimeMs: Number(btime) * 1000 };
}

/** /proc/meminfo (kB values) as the node's memory. */
export function parseMeminfo(text: string): Pick<HostUsage, 'memoryCapacityBytes' | 'memoryUsageBytes' | 'memoryWorkingSetBytes' | 'memoryAvailableBytes' | 'memoryRssBytes'> {
  const kb = (name: string): number => {
    const value = new RegExp(`^${name.replace(/[()]/g, '\\$&')}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1];
    if (value === undefined) throw new Error(`/proc/meminfo has no "${name}" line`);
    return Number(value) * 1024;
  };
  const total = kb('MemTotal');
  const usage = total - kb('MemFree');
  const workingSet = Math.max(0, usage - kb('Inactive(file)'));
  return { memoryCapacityBytes: total, memoryUsageBytes: usage, memoryWorkingSetBytes: workingSet, memoryAvailableBytes: Math.max(0, total - workingSet), memoryRssBytes: kb('AnonPages') };
}

export async function readHostUsage(nowMs: number): Promise<HostUsage> {
  const [stat, meminfo] = await Promise.all([readFile('/proc/stat', 'utf8'), readFile('/proc/meminfo', 'utf8')]);
  return { timeMs: nowMs, ...parseProcStat(stat), ...parseMeminfo(meminfo) };
}
