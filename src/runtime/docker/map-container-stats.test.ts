import { describe, expect, it } from 'vitest';
import { mapContainerStats } from './map-container-stats.js';

const NOW = Date.parse('2026-01-02T03:04:05Z');

describe('the engine\'s container stats as usage', () => {
  it('reads cgroup v1 counters: working set is usage less total_inactive_file, RSS total_rss', () => {
    expect(
      mapContainerStats(
        {
          read: '2026-01-02T03:04:04.5Z',
          cpu_stats: { cpu_usage: { total_usage: 123_456_789 } },
          memory_stats: { usage: 10_000_000, stats: { total_inactive_file: 4_000_000, total_rss: 5_000_000, rss: 1, total_pgfault: 70, total_pgmajfault: 2 } },
        },
        NOW,
      ),
    ).toEqual({ timeMs: NOW - 500, cpuUsageCoreNanoSeconds: 123_456_789, memoryUsageBytes: 10_000_000, memoryWorkingSetBytes: 6_000_000, memoryRssBytes: 5_000_000, pageFaults: 70, majorPageFaults: 2 });
  });

  it('reads cgroup v2 counters: inactive_file and anon', () => {
    expect(
      mapContainerStats({ read: '2026-01-02T03:04:05Z', cpu_stats: { cpu_usage: { total_usage: 9 } }, memory_stats: { usage: 3000, stats: { inactive_file: 1000, anon: 1500, pgfault: 5, pgmajfault: 0 } } }, NOW),
    ).toEqual({ timeMs: NOW, cpuUsageCoreNanoSeconds: 9, memoryUsageBytes: 3000, memoryWorkingSetBytes: 2000, memoryRssBytes: 1500, pageFaults: 5, majorPageFaults: 0 });
  });

  it('never gives a negative working set, and takes now for a zero read time', () => {
    const usage = mapContainerStats({ read: '0001-01-01T00:00:00Z', cpu_stats: { cpu_usage: { total_usage: 1 } }, memory_stats: { usage: 100, stats: { inactive_file: 500 } } }, NOW);
    expect(usage).toMatchObject({ timeMs: NOW, memoryWorkingSetBytes: 0 });
  });

  it('has nothing for a container that is not running (no CPU counter)', () => {
    expect(mapContainerStats({ read: '0001-01-01T00:00:00Z', cpu_stats: {}, memory_stats: {} }, NOW)).toBeUndefined();
  });
});
