/**
 * A running container's CPU and memory read from its cgroup, as cAdvisor reads them: found through
 * its first process (/proc/<pid>/cgroup), so whatever the cgroup driver and version. Undefined when
 * the files cannot be read from here (the agent in a container without the host's /proc or
 * /sys/fs/cgroup): the caller asks the engine instead.
 */
import { readFile } from 'node:fs/promises';
import { usageFromCounters, type ContainerUsage } from '../runtime/container-usage.js';
import { parseFlatKeyed } from './cgroup-usage.js';
import { cgroupCounterFiles } from './process-cgroup.js';

export async function readProcessUsage(pid: number, nowMs: number): Promise<ContainerUsage | undefined> {
  try {
    const files = cgroupCounterFiles(await readFile(`/proc/${pid}/cgroup`, 'utf8'));
    if (files === undefined) return undefined;
    const read = (path: string): Promise<string> => readFile(path, 'utf8');
    const flat = (text: string): Record<string, number> => Object.fromEntries(parseFlatKeyed(text));
    let counters: { cpuNs: number; memoryUsage: number; memoryStat: Record<string, number> };
    if (files.version === 1) {
      const [cpu, usage, stat] = await Promise.all([read(files.cpuUsage), read(files.memoryUsage), read(files.memoryStat)]);
      counters = { cpuNs: Number(cpu.trim()), memoryUsage: Number(usage.trim()), memoryStat: flat(stat) };
    } else {
      const [cpuStat, current, stat] = await Promise.all([read(files.cpuStat), read(files.memoryCurrent), read(files.memoryStat)]);
      counters = { cpuNs: (parseFlatKeyed(cpuStat).get('usage_usec') ?? NaN) * 1000, memoryUsage: Number(current.trim()), memoryStat: flat(stat) };
    }
    if (!Number.isFinite(counters.cpuNs) || !Number.isFinite(counters.memoryUsage)) return undefined;
    return usageFromCounters({ timeMs: nowMs, ...counters });
  } catch {
    return undefined;
  }
}
