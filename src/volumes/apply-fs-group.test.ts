import { chmod, chown, lstat, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFsGroup, hasFsGroupOwnership } from './apply-fs-group.js';

const FS_GROUP = 4321;
const asRoot = process.getuid?.() === 0;

/** `mode` in octal and group of a path, as `stat -c '%a %g'` prints them (lstat: a symlink's own). */
async function modeAndGroup(file: string): Promise<string> {
  const info = await lstat(file);
  return `${(info.mode & 0o7777).toString(8)} ${info.gid}`;
}

describe.skipIf(!asRoot)('applyFsGroup (kubelet SetVolumeOwnership, pkg/volume/volume_linux.go)', () => {
  let vol: string;
  beforeEach(async () => {
    vol = await mkdtemp(path.join(tmpdir(), 'fsgroup-vol-'));
    await chmod(vol, 0o777);
    await mkdir(path.join(vol, 'sub/deeper'), { recursive: true, mode: 0o700 });
    await chmod(path.join(vol, 'sub'), 0o700);
    await writeFile(path.join(vol, 'sub/file'), 'x', { mode: 0o600 });
    await chmod(path.join(vol, 'sub/file'), 0o600);
    await writeFile(path.join(vol, 'exec.sh'), '#!/bin/sh', { mode: 0o755 });
    await chown(path.join(vol, 'exec.sh'), 1000, 1000);
    await writeFile(path.join(vol, 'target'), 'y', { mode: 0o400 });
    await chmod(path.join(vol, 'target'), 0o400);
    await symlink('target', path.join(vol, 'link'));
  });
  afterEach(async () => {
    await rm(vol, { recursive: true, force: true });
  });

  it('group-owns everything by fsGroup, adds group rw to files and group rwx and setgid to directories', async () => {
    expect(await applyFsGroup(vol, FS_GROUP)).toEqual([]);
    expect(await modeAndGroup(vol)).toBe(`2777 ${FS_GROUP}`);
    expect(await modeAndGroup(path.join(vol, 'sub'))).toBe(`2770 ${FS_GROUP}`);
    expect(await modeAndGroup(path.join(vol, 'sub/deeper'))).toBe(`2770 ${FS_GROUP}`);
    expect(await modeAndGroup(path.join(vol, 'sub/file'))).toBe(`660 ${FS_GROUP}`);
    expect(await modeAndGroup(path.join(vol, 'exec.sh'))).toBe(`775 ${FS_GROUP}`);
  });

  it('keeps each file\'s owner', async () => {
    await applyFsGroup(vol, FS_GROUP);
    expect((await stat(path.join(vol, 'exec.sh'))).uid).toBe(1000);
    expect((await stat(path.join(vol, 'sub/file'))).uid).toBe(0);
  });

  it('changes a symlink\'s own group but never follows it to chmod its target', async () => {
    await applyFsGroup(vol, FS_GROUP);
    expect((await lstat(path.join(vol, 'link'))).gid).toBe(FS_GROUP);
    // The target gets its own visit: group rw added to 0400, and nothing more.
    expect(await modeAndGroup(path.join(vol, 'target'))).toBe(`660 ${FS_GROUP}`);
  });

  it('adds only group read to read-only volumes (configMap, secret, downwardAPI, projected)', async () => {
    await applyFsGroup(vol, FS_GROUP, { readOnly: true });
    expect(await modeAndGroup(path.join(vol, 'sub/file'))).toBe(`640 ${FS_GROUP}`);
    expect(await modeAndGroup(path.join(vol, 'sub'))).toBe(`2750 ${FS_GROUP}`);
  });

  it('makes files created afterwards belong to fsGroup (setgid directories)', async () => {
    await applyFsGroup(vol, FS_GROUP);
    await writeFile(path.join(vol, 'sub/new'), 'z');
    await mkdir(path.join(vol, 'sub/newdir'));
    expect((await stat(path.join(vol, 'sub/new'))).gid).toBe(FS_GROUP);
    expect(await modeAndGroup(path.join(vol, 'sub/newdir'))).toMatch(new RegExp(`^2\\d{3} ${FS_GROUP}$`));
  });

  it('reports what it cannot change instead of throwing', async () => {
    const missing = path.join(vol, 'gone');
    const failures = await applyFsGroup(missing, FS_GROUP);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain(`${missing}: ENOENT`);
  });

  it('recognises a volume it already set up (kubelet requiresPermissionChange, OnRootMismatch)', async () => {
    expect(await hasFsGroupOwnership(vol, FS_GROUP)).toBe(false);
    await applyFsGroup(vol, FS_GROUP);
    expect(await hasFsGroupOwnership(vol, FS_GROUP)).toBe(true);
    expect(await hasFsGroupOwnership(vol, FS_GROUP + 1)).toBe(false);
    await chmod(vol, 0o777); // setgid gone
    expect(await hasFsGroupOwnership(vol, FS_GROUP)).toBe(false);
    expect(await hasFsGroupOwnership(path.join(vol, 'nope'), FS_GROUP)).toBe(false);
  });
});
