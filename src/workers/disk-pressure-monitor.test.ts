import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import type { DiskStats } from '../node/disk-pressure.js';
import { DiskPressureState } from '../node/disk-pressure-state.js';
import { parseEvictionThresholds } from '../node/eviction-thresholds.js';
import { app, makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import { DiskPressureMonitor } from './disk-pressure-monitor.js';

const GI = 2 ** 30;
const MI = 2 ** 20;
const fs = (availableGi: number) => ({ capacityBytes: 100 * GI, availableBytes: availableGi * GI, inodes: 0, inodesFree: 0 });
const ROOMY: DiskStats = { nodefs: fs(50), imagefs: fs(50) };
const NODEFS_LOW: DiskStats = { nodefs: fs(5), imagefs: fs(50) };
const IMAGEFS_LOW: DiskStats = { nodefs: fs(50), imagefs: fs(5) };

function pod(name: string, request?: string): Pod {
  const resources = request ? { resources: { limits: {}, requests: { 'ephemeral-storage': request } } } : {};
  return makePod({ metadata: { name, uid: name }, containers: [makeContainer('main', resources)] });
}

describe('DiskPressureMonitor (the eviction manager\'s disk part)', () => {
  let rootDir: string;
  beforeEach(async () => {
    rootDir = await mkdtemp(path.join(tmpdir(), 'minikubelet-disk-monitor-'));
  });
  afterEach(() => rm(rootDir, { recursive: true, force: true }));

  /** `stats` are returned one per read (the last one again after); each pod's container uses `usageMi`. */
  function monitor(stats: DiskStats[], pods: Array<{ pod: Pod; usageMi: number }>, reclaim?: () => Promise<void>, transitionMs = 0) {
    const thresholds = parseEvictionThresholds('nodefs.available<10%,imagefs.available<15%');
    if (!thresholds.ok) throw new Error(thresholds.error);
    const state = new DiskPressureState(0, transitionMs);
    const evicted: Array<{ uid: string; message: string }> = [];
    const reads = [...stats];
    const m = new DiskPressureMonitor({
      rootDir, thresholds: thresholds.value, state, log: pino({ level: 'silent' }), now: () => 1000,
      readStats: () => Promise.resolve(reads.length > 1 ? reads.shift()! : reads[0]!),
      runtime: { listContainers: (filter) => Promise.resolve(pods.filter((p) => p.pod.metadata.uid === filter?.podUid).map((p) => app('main', { id: `c-${p.pod.metadata.uid}` }))) },
      containerUsage: (id) => Promise.resolve({ rootfsBytes: (pods.find((p) => `c-${p.pod.metadata.uid}` === id)?.usageMi ?? 0) * MI, logsBytes: 0 }),
      pods: () => pods.map((p) => p.pod),
      evict: (victim, message) => Promise.resolve(void evicted.push({ uid: victim.metadata.uid, message })),
      ...(reclaim ? { reclaimImages: reclaim } : {}),
    });
    return { m, state, evicted };
  }

  it('with room: DiskPressure False, nobody evicted', async () => {
    const { m, state, evicted } = monitor([ROOMY], [{ pod: pod('a'), usageMi: 10 }]);
    await m.synchronize();
    expect(state.view.status).toBe('False');
    expect(evicted).toEqual([]);
  });

  it('under nodefs pressure: one pod per pass, the one over its request first', async () => {
    const { m, state, evicted } = monitor([NODEFS_LOW], [{ pod: pod('big-within', '1Gi'), usageMi: 500 }, { pod: pod('small-over'), usageMi: 10 }]);
    await m.synchronize();
    expect(state.view).toMatchObject({ status: 'True', reason: 'KubeletHasDiskPressure' });
    expect(evicted.map((e) => e.uid)).toEqual(['small-over']);
    expect(evicted[0]?.message).toBe(
      'The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 5Gi. Container main was using 10Mi, request is 0, has larger consumption of ephemeral-storage. ',
    );
  });

  it('once the thresholds clear, no more evictions, while the condition stays True for the transition period', async () => {
    const { m, state, evicted } = monitor([NODEFS_LOW, ROOMY], [{ pod: pod('a'), usageMi: 10 }, { pod: pod('b'), usageMi: 5 }], undefined, 5 * 60_000);
    await m.synchronize();
    await m.synchronize();
    expect(evicted.map((e) => e.uid)).toEqual(['a']);
    expect(state.view.status).toBe('True');
  });

  it('under imagefs pressure, unused images go first: no eviction when that is enough', async () => {
    let reclaims = 0;
    const { m, state, evicted } = monitor([IMAGEFS_LOW, ROOMY], [{ pod: pod('a'), usageMi: 10 }], () => Promise.resolve(void reclaims++));
    await m.synchronize();
    expect(reclaims).toBe(1);
    expect(state.view.status).toBe('False');
    expect(evicted).toEqual([]);
  });

  it('under imagefs pressure that images do not relieve, a pod is evicted', async () => {
    const { m, evicted } = monitor([IMAGEFS_LOW], [{ pod: pod('a'), usageMi: 10 }], () => Promise.resolve());
    await m.synchronize();
    expect(evicted.map((e) => e.uid)).toEqual(['a']);
  });

  it('a filesystem that cannot be read makes the condition Unknown, never a throw', async () => {
    const thresholds = parseEvictionThresholds('nodefs.available<10%');
    if (!thresholds.ok) throw new Error(thresholds.error);
    const state = new DiskPressureState(0, 0);
    const m = new DiskPressureMonitor({
      rootDir, thresholds: thresholds.value, state, log: pino({ level: 'silent' }), now: () => 0,
      readStats: () => Promise.reject(new Error('ENOENT: no such file or directory, statfs')),
      runtime: { listContainers: () => Promise.resolve([]) }, containerUsage: () => Promise.resolve({ rootfsBytes: 0, logsBytes: 0 }),
      pods: () => [], evict: () => Promise.resolve(),
    });
    await expect(m.synchronize()).resolves.toBeUndefined();
    expect(state.view).toMatchObject({ status: 'Unknown', message: 'cannot read the filesystems: ENOENT: no such file or directory, statfs' });
  });
});
