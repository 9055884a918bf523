import { describe, expect, it, vi } from 'vitest';
import type { ContainerUsage } from '../../runtime/container-usage.js';
import type { ObservedContainer } from '../../runtime/types.js';
import { createContainerUsageSource } from './container-usage-source.js';

const usage = (cpu: number): ContainerUsage => ({ timeMs: 1, cpuUsageCoreNanoSeconds: cpu, memoryUsageBytes: 1, memoryWorkingSetBytes: 1, memoryRssBytes: 1 });

describe('the containers\' usage for a Summary', () => {
  it('reads a cgroup through the container\'s process, and asks the engine only where that fails', async () => {
    const listContainers = vi.fn(async () => [{ id: 'a', pid: 100 }, { id: 'b', pid: 200 }, { id: 'c' }] as ObservedContainer[]);
    const fromCgroup = vi.fn(async (pid: number) => (pid === 100 ? usage(1) : undefined));
    const fromEngine = vi.fn(async (id: string) => (id === 'd' ? undefined : usage(id === 'b' ? 2 : 3)));
    const source = createContainerUsageSource({ listContainers, fromCgroup, fromEngine, now: () => 5 });
    const got = await source(['a', 'b', 'c', 'd']);
    expect([...got].map(([id, u]) => [id, u.cpuUsageCoreNanoSeconds])).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(fromCgroup.mock.calls).toEqual([[100, 5], [200, 5]]);
    expect(fromEngine.mock.calls.map(([id]) => id).sort()).toEqual(['b', 'c', 'd']);
    expect(listContainers).toHaveBeenCalledTimes(1);
  });

  it('asks the engine for every container when the listing fails', async () => {
    const source = createContainerUsageSource({ listContainers: async () => Promise.reject(new Error('down')), fromCgroup: async () => usage(9), fromEngine: async () => usage(4), now: () => 0 });
    expect((await source(['a'])).get('a')?.cpuUsageCoreNanoSeconds).toBe(4);
  });
});
