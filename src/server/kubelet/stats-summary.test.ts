import { describe, expect, it } from 'vitest';
import type { ApiPod } from '../../api/api-pod.js';
import type { HostUsage } from '../../node/host-usage.js';
import type { ContainerUsage } from '../../runtime/container-usage.js';
import { makeResourceMetrics } from './resource-metrics.js';
import { makeStatsSummary, runningContainers, type SummaryInputs } from './stats-summary.js';

const T0 = Date.parse('2026-01-02T03:04:00Z');

function host(timeMs: number, cpuSeconds: number): HostUsage {
  return {
    timeMs, bootTimeMs: Date.parse('2026-01-01T00:00:00Z'), cpuUsageCoreNanoSeconds: cpuSeconds * 1e9,
    memoryCapacityBytes: 8e9, memoryUsageBytes: 3e9, memoryWorkingSetBytes: 2e9, memoryAvailableBytes: 6e9, memoryRssBytes: 1e9,
  };
}

function usage(timeMs: number, cpuSeconds: number, workingSet: number): ContainerUsage {
  return { timeMs, cpuUsageCoreNanoSeconds: cpuSeconds * 1e9, memoryUsageBytes: workingSet + 100, memoryWorkingSetBytes: workingSet, memoryRssBytes: workingSet - 10 };
}

const running = (name: string, id: string) => ({ name, containerID: `docker://${id}`, state: { running: { startedAt: '2026-01-02T03:00:00Z' } } });
const pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  status: {
    startTime: '2026-01-02T02:59:59Z',
    initContainerStatuses: [running('sidecar', 'c3'), { name: 'setup', containerID: 'docker://c0', state: { terminated: { exitCode: 0 } } }],
    containerStatuses: [running('app', 'c1'), running('log', 'c2'), { name: 'waiting', state: { waiting: { reason: 'ContainerCreating' } } }],
  },
} as unknown as ApiPod;
const idle = { metadata: { name: 'done', namespace: 'default', uid: 'u2' }, status: { initContainerStatuses: [], containerStatuses: [] } } as unknown as ApiPod;

function inputs(over: Partial<SummaryInputs> = {}): SummaryInputs {
  return {
    nodeName: 'node-a',
    host: { now: host(T0 + 10_000, 50), before: host(T0, 40) },
    nodefs: { capacityBytes: 1000, availableBytes: 400, inodes: 100, inodesFree: 60 },
    imagefs: { capacityBytes: 2000, availableBytes: 1500, inodes: 10, inodesFree: 9 },
    pods: [pod, idle],
    containers: new Map([
      ['c1', { now: usage(T0 + 10_000, 3, 5000), before: usage(T0, 1, 4000) }],
      ['c2', { now: usage(T0 + 10_000, 0.5, 1000), before: usage(T0 + 5000, 0.25, 1000) }],
      ['c3', { now: usage(T0 + 10_000, 0.1, 300) }],
    ]),
    ...over,
  };
}

describe('the Summary API', () => {
  it('lists the running containers of a pod, init (sidecars) and app, with their IDs', () => {
    expect(runningContainers(pod).map((c) => [c.name, c.id])).toEqual([['sidecar', 'c3'], ['app', 'c1'], ['log', 'c2']]);
  });

  it('gives the node its CPU rate over the two readings, memory, and filesystems', () => {
    const { node } = makeStatsSummary(inputs());
    expect(node).toEqual({
      nodeName: 'node-a',
      startTime: '2026-01-01T00:00:00Z',
      cpu: { time: '2026-01-02T03:04:10Z', usageCoreNanoSeconds: 50e9, usageNanoCores: 1e9 },
      memory: { time: '2026-01-02T03:04:10Z', availableBytes: 6e9, usageBytes: 3e9, workingSetBytes: 2e9, rssBytes: 1e9 },
      fs: { time: '2026-01-02T03:04:10Z', availableBytes: 400, capacityBytes: 1000, usedBytes: 600, inodesFree: 60, inodes: 100, inodesUsed: 40 },
      runtime: { imageFs: { time: '2026-01-02T03:04:10Z', availableBytes: 1500, capacityBytes: 2000, usedBytes: 500, inodesFree: 9, inodes: 10, inodesUsed: 1 } },
    });
  });

  it('gives each container its CPU rate since its previous reading, and none without one; a pod the sum', () => {
    const [web, ...rest] = makeStatsSummary(inputs()).pods;
    expect(rest).toEqual([]);
    expect(web!.podRef).toEqual({ name: 'web', namespace: 'default', uid: 'u1' });
    expect(web!.startTime).toBe('2026-01-02T02:59:59Z');
    expect(web!.containers.map((c) => [c.name, c.cpu.usageCoreNanoSeconds, c.cpu.usageNanoCores, c.memory.workingSetBytes])).toEqual([
      ['sidecar', 0.1e9, undefined, 300],
      ['app', 3e9, 200_000_000, 5000],
      ['log', 0.5e9, 50_000_000, 1000],
    ]);
    expect(web!.cpu).toEqual({ time: '2026-01-02T03:04:10Z', usageCoreNanoSeconds: 3.6e9 });
    expect(web!.memory).toEqual({ time: '2026-01-02T03:04:10Z', usageBytes: 6600, workingSetBytes: 6300, rssBytes: 6270 });
    const withRates = makeStatsSummary(inputs({ containers: new Map([...inputs().containers].filter(([id]) => id !== 'c3')) })).pods[0]!;
    expect(withRates.cpu?.usageNanoCores).toBe(250_000_000);
  });

  it('gives no rate for a counter that went backwards', () => {
    const summary = makeStatsSummary(inputs({ host: { now: host(T0 + 10_000, 40), before: host(T0, 50) } }));
    expect(summary.node.cpu.usageNanoCores).toBeUndefined();
  });
});

describe('the resource metrics', () => {
  it('writes the kubelet\'s series with its labels and each sample\'s time', () => {
    const text = makeResourceMetrics(makeStatsSummary(inputs()));
    const at = T0 + 10_000;
    expect(text).toContain('# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds\n# TYPE container_cpu_usage_seconds_total counter\n');
    expect(text).toContain(`container_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} 3 ${at}\n`);
    expect(text).toContain(`container_memory_working_set_bytes{container="log",namespace="default",pod="web"} 1000 ${at}\n`);
    expect(text).toContain(`container_start_time_seconds{container="app",namespace="default",pod="web"} ${Date.parse('2026-01-02T03:00:00Z') / 1000}\n`);
    expect(text).toContain(`node_cpu_usage_seconds_total 50 ${at}\n`);
    expect(text).toContain(`node_memory_working_set_bytes 2000000000 ${at}\n`);
    expect(text).toContain(`pod_cpu_usage_seconds_total{namespace="default",pod="web"} 3.6 ${at}\n`);
    expect(text).toContain(`pod_memory_working_set_bytes{namespace="default",pod="web"} 6300 ${at}\n`);
    expect(text).toMatch(/resource_scrape_error 0\n$/);
  });

  it('says a failed reading with resource_scrape_error 1 and nothing else', () => {
    expect(makeResourceMetrics(undefined)).toBe('# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise\n# TYPE resource_scrape_error gauge\nresource_scrape_error 1\n');
  });
});
