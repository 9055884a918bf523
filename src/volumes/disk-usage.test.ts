import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureDiskUsage } from './disk-usage.js';

const MiB = 1024 * 1024;

describe('measureDiskUsage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'du-'));
    await mkdir(path.join(dir, 'a', 'b'), { recursive: true });
    await writeFile(path.join(dir, 'a', 'one'), Buffer.alloc(MiB, 1));
    await writeFile(path.join(dir, 'a', 'b', 'two'), Buffer.alloc(2 * MiB, 1));
    await link(path.join(dir, 'a', 'b', 'two'), path.join(dir, 'hardlink-to-two'));
    await symlink('/usr', path.join(dir, 'symlink-not-followed'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds allocated blocks, counting a hard-linked file once and not following symlinks', async () => {
    const usage = await measureDiskUsage(dir, { stopAboveBytes: Number.MAX_SAFE_INTEGER, maxEntries: 1000 });
    expect(usage.complete).toBe(true);
    expect(usage.bytes).toBeGreaterThanOrEqual(3 * MiB);
    expect(usage.bytes).toBeLessThan(3 * MiB + 256 * 1024);
  });

  it('stops early once over the limit, or at the entry bound', async () => {
    const over = await measureDiskUsage(dir, { stopAboveBytes: MiB / 2, maxEntries: 1000 });
    expect(over.complete).toBe(false);
    expect(over.bytes).toBeGreaterThan(MiB / 2);
    expect((await measureDiskUsage(dir, { stopAboveBytes: Number.MAX_SAFE_INTEGER, maxEntries: 1 })).complete).toBe(false);
  });

  it('reports a missing directory as empty', async () => {
    expect(await measureDiskUsage(path.join(dir, 'missing'), { stopAboveBytes: 1, maxEntries: 10 })).toEqual({ bytes: 0, complete: true });
  });
});
