import { mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FileStamp, type ManifestFileRead, readManifestFile } from './read-manifest-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minikubelet-read-manifest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const POD_A = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n';
const POD_B = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n';
const read = async (file: string, last?: FileStamp) => (await readManifestFile(file, last)) as ManifestFileRead;
/** As if the stat ran three seconds later: the file's ctime is then settled (over 2 s old). */
const later = () => {
  const now = Date.now();
  vi.spyOn(Date, 'now').mockReturnValue(now + 3_000);
};

describe('readManifestFile: skipping files that did not change', () => {
  it('a file written just now is read again however stat looks (its stamp is not settled)', async () => {
    const file = path.join(dir, 'fresh.yaml');
    await writeFile(file, POD_A);
    const first = await read(file);
    expect(first.stamp.settled).toBe(false);
    expect(await readManifestFile(file, first.stamp)).toMatchObject({ contentHash: first.contentHash });
  });

  it('a settled stamp that stat still shows: unchanged, not read', async () => {
    const file = path.join(dir, 'settled.yaml');
    await writeFile(file, POD_A);
    later();
    const first = await read(file);
    expect(first.stamp.settled).toBe(true);
    expect(await readManifestFile(file, first.stamp)).toBe('unchanged');
  });

  it.each([
    ['rewritten with other content of the same size', async (file: string) => writeFile(file, POD_B)],
    ['touched back to its old mtime', async (file: string) => utimes(file, 1_000, 1_000)],
    ['replaced by a rename', async (file: string) => { await writeFile(`${file}.tmp`, POD_A); await rename(`${file}.tmp`, file); }],
  ])('%s: read again', async (_name, change) => {
    const file = path.join(dir, `changed-${Math.random().toString(16).slice(2)}.yaml`);
    await writeFile(file, POD_A);
    await utimes(file, 1_000, 1_000);
    later();
    const first = await read(file);
    vi.restoreAllMocks();
    // Past the clock's tick, so the change's ctime differs (a change within the tick is why fresh stamps are not trusted).
    await delay(30);
    await change(file);
    const again = await readManifestFile(file, first.stamp);
    expect(again).not.toBe('unchanged');
    expect(again).toBeDefined();
  });

  it('a file that is gone: undefined', async () => {
    expect(await readManifestFile(path.join(dir, 'missing.yaml'), { key: 'x', settled: true })).toBeUndefined();
  });
});
