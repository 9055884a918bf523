/** CPU time and RSS of a process from /proc (Linux). */
import { readFile } from 'node:fs/promises';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLK_TCK = 100;

export interface ProcSample {
  atMs: number;
  cpuMs: number;
  rssMiB: number;
}

export async function sampleProcess(pid: number): Promise<ProcSample> {
  const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
  // The fields after the command name (which may hold spaces): utime and stime are the 12th and
  // 13th, cutime and cstime (the children it waited for: the iptables and ip it runs) the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return { atMs: Date.now(), cpuMs: (ticks * 1000) / CLK_TCK, rssMiB: Math.round((rssKiB / 1024) * 10) / 10 };
}

/** The process's CPU use, with the tools it ran (in % of one core) and RSS at the end, over `windowMs` of waiting. */
export async function measureIdle(pid: number, windowMs: number): Promise<{ cpuPercent: number; rssMiB: number; windowS: number }> {
  const first = await sampleProcess(pid);
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const last = await sampleProcess(pid);
  const elapsed = last.atMs - first.atMs;
  return { cpuPercent: Math.round(((last.cpuMs - first.cpuMs) / elapsed) * 1000) / 10, rssMiB: last.rssMiB, windowS: Math.round(elapsed / 1000) };
}
