import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OrphanedPodCgroups, pickOrphanedPodCgroups } from './orphaned-pod-cgroups.js';

const NOW = 1_000_000_000;
const MIN_AGE = 600_000;
const uid = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

describe('pickOrphanedPodCgroups', () => {
  it.each([
    ['no container and no pod of this agent has the UID, unchanged for 10 min: orphaned', uid(1), NOW - MIN_AGE, [], true],
    ['a container on the engine (any node) carries the UID: kept', uid(2), NOW - 5 * MIN_AGE, [uid(2)], false],
    ['changed a moment ago (a pod of another agent between its cgroup and its sandbox): kept', uid(3), NOW - 1_000, [], false],
  ])('%s', (_, podUid, mtimeMs, live, orphaned) => {
    const dir = { path: `/x/pod${podUid}`, uid: podUid, mtimeMs };
    expect(pickOrphanedPodCgroups([dir], new Set(live), NOW, MIN_AGE)).toEqual(orphaned ? [dir] : []);
  });
});

describe('OrphanedPodCgroups.sweep (a cgroupfs tree in a temp dir)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('removes, in every hierarchy and QoS level, the old orphans with their container cgroups, and only them', async () => {
    const root = await mkdtemp(join(tmpdir(), 'orphaned-cgroups-'));
    dirs.push(root);
    const made = async (relative: string, ageMs: number) => {
      const dir = join(root, relative);
      await mkdir(join(dir, 'container-id'), { recursive: true });
      const seconds = (NOW - ageMs) / 1000;
      await utimes(dir, seconds, seconds);
      return dir;
    };
    const orphanMemory = await made(`memory/kubepods/besteffort/pod${uid(1)}`, MIN_AGE * 2);
    const orphanPids = await made(`pids/kubepods/besteffort/pod${uid(1)}`, MIN_AGE * 2);
    const orphanGuaranteed = await made(`memory/kubepods/pod${uid(4)}`, MIN_AGE * 2);
    const live = await made(`memory/kubepods/burstable/pod${uid(2)}`, MIN_AGE * 2);
    const young = await made(`memory/kubepods/burstable/pod${uid(3)}`, 1_000);
    const notAPod = await made('memory/kubepods/burstable/something-else', MIN_AGE * 2);
    const sweeper = new OrphanedPodCgroups({
      layout: { driver: 'cgroupfs', version: 1, mountPoint: root }, log: pino({ level: 'silent' }), now: () => NOW,
      liveUids: async () => new Set([uid(2)]),
    });
    expect(await sweeper.sweep()).toBe(3);
    for (const gone of [orphanMemory, orphanPids, orphanGuaranteed]) expect(existsSync(gone), gone).toBe(false);
    for (const kept of [live, young, notAPod]) expect(existsSync(kept), kept).toBe(true);
    expect(await sweeper.sweep()).toBe(0);
  });

  it('does nothing with the systemd driver (pod cgroups are slices, stopped with their pods)', () => {
    let asked = false;
    const sweeper = new OrphanedPodCgroups({
      layout: { driver: 'systemd', version: 2, mountPoint: '/nonexistent' }, log: pino({ level: 'silent' }),
      liveUids: async () => { asked = true; return new Set(); },
    });
    sweeper.start();
    sweeper.stop();
    expect(asked).toBe(false);
  });
});
