import { describe, expect, it } from 'vitest';
import { computeCgroupUsage, parseFlatKeyed, parseOomKillCount } from './cgroup-usage.js';
import * as files from './testing/cgroup-files.js';

describe('computeCgroupUsage', () => {
  it.each([
    [
      'v1 container: usage − total_inactive_file; cpuacct.usage in ns',
      1 as const,
      { memoryUsage: files.V1_CONTAINER_USAGE_IN_BYTES, memoryStat: files.V1_CONTAINER_MEMORY_STAT, cpu: files.V1_CONTAINER_CPUACCT_USAGE },
      { memoryUsageBytes: 307200, memoryWorkingSetBytes: 307200, cpuUsageSeconds: 0.032006419 },
    ],
    [
      "v1 kubepods: the hierarchy's total_inactive_file, not the cgroup's own inactive_file (0)",
      1 as const,
      { memoryUsage: files.V1_KUBEPODS_USAGE_IN_BYTES, memoryStat: files.V1_KUBEPODS_MEMORY_STAT, cpu: files.V1_KUBEPODS_CPUACCT_USAGE },
      { memoryUsageBytes: 12775424, memoryWorkingSetBytes: 12775424 - 126976, cpuUsageSeconds: 530.645995366 },
    ],
    [
      'v2 pod slice: memory.current − inactive_file; cpu.stat usage_usec in µs',
      2 as const,
      { memoryUsage: files.V2_POD_MEMORY_CURRENT, memoryStat: files.V2_POD_MEMORY_STAT, cpu: files.V2_POD_CPU_STAT },
      { memoryUsageBytes: 663552, memoryWorkingSetBytes: 663552, cpuUsageSeconds: 4.027982 },
    ],
    [
      'v2 with file cache: the inactive part is not counted',
      2 as const,
      { memoryUsage: '10485760\n', memoryStat: files.V2_POD_MEMORY_STAT.replace('inactive_file 0', 'inactive_file 4194304'), cpu: files.V2_POD_CPU_STAT },
      { memoryUsageBytes: 10485760, memoryWorkingSetBytes: 6291456, cpuUsageSeconds: 4.027982 },
    ],
    [
      'the working set never goes below 0 (inactive file above the usage, as cAdvisor clamps it)',
      1 as const,
      { memoryUsage: '1000\n', memoryStat: 'total_inactive_file 4096\n', cpu: '0\n' },
      { memoryUsageBytes: 1000, memoryWorkingSetBytes: 0, cpuUsageSeconds: 0 },
    ],
  ])('%s', (_, version, input, expected) => {
    expect(computeCgroupUsage(version, input)).toEqual(expected);
  });

  it.each([
    ['an empty usage file', 1 as const, { memoryUsage: '', memoryStat: files.V1_CONTAINER_MEMORY_STAT, cpu: files.V1_CONTAINER_CPUACCT_USAGE }],
    ['v2 files read as v1 (memory.stat has no total_inactive_file)', 1 as const, { memoryUsage: files.V2_POD_MEMORY_CURRENT, memoryStat: files.V2_POD_MEMORY_STAT, cpu: '5\n' }],
    ['v1 files read as v2 (cpuacct.usage has no usage_usec)', 2 as const, { memoryUsage: files.V1_CONTAINER_USAGE_IN_BYTES, memoryStat: files.V1_CONTAINER_MEMORY_STAT, cpu: files.V1_CONTAINER_CPUACCT_USAGE }],
    ['a memory.stat without the inactive file line', 1 as const, { memoryUsage: '1000\n', memoryStat: 'rss 1000\n', cpu: '5\n' }],
  ])('is undefined for %s', (_, version, input) => {
    expect(computeCgroupUsage(version, input)).toBeUndefined();
  });
});

describe('parseFlatKeyed', () => {
  it('reads key-value lines and skips what is not one', () => {
    expect(parseFlatKeyed('a 1\nb 2 3\n\nc x\n  d   4  \n')).toEqual(new Map([['a', 1], ['d', 4]]));
  });
});

describe('parseOomKillCount', () => {
  it.each([
    ['v1 memory.oom_control', files.V1_CONTAINER_OOM_CONTROL, 0],
    ['v1 on a kernel before 4.13 (not counted)', files.V1_OLD_KERNEL_OOM_CONTROL, undefined],
    ['v2 memory.events', files.V2_POD_MEMORY_EVENTS, 0],
    ['v2 memory.events after two kills', files.V2_POD_MEMORY_EVENTS.replace('oom 0', 'oom 2').replace('oom_kill 0', 'oom_kill 2'), 2],
  ])('%s', (_, text, expected) => {
    expect(parseOomKillCount(text)).toBe(expected);
  });
});
