import { describe, expect, it } from 'vitest';
import { parseMeminfo, parseProcStat } from './host-usage.js';

describe('the node\'s CPU and memory from /proc', () => {
  it('counts busy CPU ticks (not idle nor iowait) as nanoseconds, and reads the boot time', () => {
    const stat = 'cpu  100 20 30 5000 40 6 7 8 0 0\ncpu0 50 10 15 2500 20 3 3 4 0 0\nintr 1\nbtime 1767225600\nprocesses 9\n';
    expect(parseProcStat(stat)).toEqual({ cpuUsageCoreNanoSeconds: (100 + 20 + 30 + 6 + 7 + 8) * 10_000_000, bootTimeMs: 1_767_225_600_000 });
  });

  it('refuses a /proc/stat it cannot read', () => {
    expect(() => parseProcStat('cpu 1 2\n')).toThrow(/no "cpu" line of 8 numbers/);
  });

  it('takes the working set as used less inactive file pages, and available as total less the working set', () => {
    const meminfo = 'MemTotal:       1000 kB\nMemFree:         200 kB\nMemAvailable:    600 kB\nInactive(file):  300 kB\nAnonPages:       250 kB\n';
    expect(parseMeminfo(meminfo)).toEqual({
      memoryCapacityBytes: 1000 * 1024,
      memoryUsageBytes: 800 * 1024,
      memoryWorkingSetBytes: 500 * 1024,
      memoryAvailableBytes: 500 * 1024,
      memoryRssBytes: 250 * 1024,
    });
  });

  it('names the /proc/meminfo line it misses', () => {
    expect(() => parseMeminfo('MemTotal: 1 kB\n')).toThrow('/proc/meminfo has no "MemFree" line');
  });
});
