import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { OwnerRecord } from '../manifests/owner-record.js';
import { DiskPressureState } from '../node/disk-pressure-state.js';
import { parseEvictionThresholds } from '../node/eviction-thresholds.js';
import { makePod } from '../planner/testing/planner-fixtures.js';
import { StatusStore } from '../status/status-store.js';
import { writeAtomically } from '../volumes/atomic-writer.js';
import { PodEvictions } from '../volumes/pod-evictions.js';
import { AdoptedUidRecord } from './adopted-uid-record.js';
import { createDiskPressureMonitor } from './evict-under-disk-pressure.js';

/** A full disk: the writes named in `failing` (through node:fs/promises) fail with ENOSPC. */
const ALL_WRITES = ['open', 'writeFile', 'mkdir'];
const disk = vi.hoisted(() => ({ failing: new Set<string>() }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const failing = <F extends (...args: never[]) => Promise<unknown>>(name: string, f: F) =>
    ((...args: Parameters<F>) => (disk.failing.has(name) ? Promise.reject(enospc()) : f(...args))) as F;
  return { ...fs, open: failing('open', fs.open), writeFile: failing('writeFile', fs.writeFile), mkdir: failing('mkdir', fs.mkdir) };
});

function capturingLogger() {
  const lines: Array<{ msg: string; err?: { message: string } }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) });
  return { log, lines };
}

describe('ENOSPC on the agent\'s own writes is reported, never a crash', () => {
  let rootDir: string;
  beforeEach(async () => {
    rootDir = await mkdtemp(path.join(tmpdir(), 'minikubelet-enospc-'));
    disk.failing = new Set(ALL_WRITES);
  });
  afterEach(async () => {
    disk.failing = new Set();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('the adopted-UID record: logged, and the adoption holds in memory', async () => {
    const { log, lines } = capturingLogger();
    const record = new AdoptedUidRecord(path.join(rootDir, 'adopted-uids.json'), log);
    const desired: DesiredPod = { pod: makePod({ metadata: { uid: 'new' } }), file: '/m/web.yaml', document: 0, firstSeenMs: 0, fileMtimeMs: 0, legacyUid: 'old' };
    const pods = record.adopt([desired], () => ['old']);
    expect(pods[0]?.pod.metadata.uid).toBe('old');
    await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('Failed to record the adopted pod UIDs; after an agent restart a relabelled adopted pod may be started again'));
    expect(lines.find((l) => l.err)?.err?.message).toContain('ENOSPC');
  });

  it('the manifest owner record: logged, and the owners in memory go on deciding', async () => {
    const { log, lines } = capturingLogger();
    const owners = new OwnerRecord(path.join(rootDir, 'manifest-owners.json'), log);
    await owners.update(new Map([['default/web', '/m/a.yaml']]));
    expect((await owners.current()).get('default/web')).toBe('/m/a.yaml');
    expect(lines.some((l) => l.msg.startsWith('Failed to record which manifest file owns each pod name'))).toBe(true);
  });

  it('a projected volume (the atomic writer): the write fails, the old files stay, nothing half-written is left', async () => {
    disk.failing = new Set();
    const dir = path.join(rootDir, 'podinfo');
    const payload = (text: string) => new Map([['labels', { data: Buffer.from(text), mode: 0o644 }]]);
    await writeAtomically(dir, payload('tier="one"'));
    const before = await readdir(dir);
    disk.failing = new Set(['writeFile']);
    await expect(writeAtomically(dir, payload('tier="two"'))).rejects.toMatchObject({ code: 'ENOSPC' });
    disk.failing = new Set();
    expect(await readFile(path.join(dir, 'labels'), 'utf8')).toBe('tier="one"');
    expect((await readdir(dir)).sort()).toEqual(before.sort());
  });

  it('an eviction record under disk pressure: logged, and the pod is evicted all the same', async () => {
    const { log, lines } = capturingLogger();
    const thresholds = parseEvictionThresholds('nodefs.available<1Ei');
    if (!thresholds.ok) throw new Error(thresholds.error);
    const pod = makePod({ metadata: { uid: 'full-1' } });
    const store = { list: () => [{ pod, status: { phase: 'Running' } }] } as unknown as StatusStore;
    const evictions = new PodEvictions(rootDir);
    const evicted: string[] = [];
    const monitor = createDiskPressureMonitor({
      rootDir, imageRoot: undefined, thresholds: thresholds.value, state: new DiskPressureState(0, 0), runtime: { listContainers: () => Promise.resolve([]) },
      containerUsage: () => Promise.resolve({ rootfsBytes: 0, logsBytes: 0 }), store, evictions, onEvicted: (uid) => evicted.push(uid), log, now: () => 0,
    })!;
    // statfs still answers on a full disk; no filesystem here has an exbibyte free, so the pressure is real.
    await monitor.synchronize();
    expect(evicted).toEqual(['full-1']);
    expect(evictions.get('full-1')).toMatch(/^The node was low on resource: ephemeral-storage\./);
    expect(lines.some((l) => l.msg === 'Failed to record pod eviction on disk; it holds until the agent restarts' && l.err?.message.includes('ENOSPC'))).toBe(true);
  });
});
