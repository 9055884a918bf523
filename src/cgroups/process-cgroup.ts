/**
 * Where a process's cgroup counters are (pure): /proc/<pid>/cgroup names, per hierarchy, the
 * process's cgroup (`4:memory:/docker/<id>`, `2:cpu,cpuacct:/kubepods/…`, `0::/…` for the unified
 * one). With the v1 cpuacct and memory hierarchies the counters are theirs (a hybrid host's
 * unified hierarchy has no controllers); else the unified (v2) cgroup's.
 */

export type CgroupCounterFiles =
  | { version: 1; cpuUsage: string; memoryUsage: string; memoryStat: string }
  | { version: 2; cpuStat: string; memoryCurrent: string; memoryStat: string };

export function cgroupCounterFiles(procCgroup: string, root = '/sys/fs/cgroup'): CgroupCounterFiles | undefined {
  const v1 = new Map<string, string>();
  let unified: string | undefined;
  for (const line of procCgroup.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (match === null) continue;
    const [, id, controllers = '', path = ''] = match;
    if (id === '0' && controllers === '') unified = path;
    else for (const controller of controllers.split(',')) v1.set(controller, path);
  }
  // A path outside the reader's cgroup namespace (`/../…`) cannot be opened from here.
  const usable = (path: string | undefined): path is string => path !== undefined && path.startsWith('/') && !path.split('/').includes('..');
  const cpuacct = v1.get('cpuacct');
  const memory = v1.get('memory');
  if (usable(cpuacct) && usable(memory)) {
    return {
      version: 1,
      cpuUsage: `${root}/cpuacct${cpuacct}/cpuacct.usage`,
      memoryUsage: `${root}/memory${memory}/memory.usage_in_bytes`,
      memoryStat: `${root}/memory${memory}/memory.stat`,
    };
  }
  if (v1.size === 0 && usable(unified)) {
    const dir = `${root}${unified === '/' ? '' : unified}`;
    return { version: 2, cpuStat: `${dir}/cpu.stat`, memoryCurrent: `${dir}/memory.current`, memoryStat: `${dir}/memory.stat` };
  }
  return undefined;
}
