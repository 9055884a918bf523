import { chmod, mkdtemp, mkdir, realpath, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContainer } from '../status/testing/fixtures.js';
import { mountSubPath, resolveSubPath } from './subpath.js';

describe('mountSubPath (subPath / subPathExpr)', () => {
  const container = makeContainer('app', { env: [{ name: 'POD', value: 'web' }, { name: 'DIR', value: '$(POD)-logs' }, { name: 'EMPTY', value: '' }] });
  it.each<[object, object]>([
    [{ name: 'v', mountPath: '/m', readOnly: false }, { ok: true }],
    [{ name: 'v', mountPath: '/m', readOnly: false, subPath: 'a/b' }, { ok: true, subPath: 'a/b' }],
    [{ name: 'v', mountPath: '/m', readOnly: false, subPathExpr: 'logs/$(DIR)' }, { ok: true, subPath: 'logs/web-logs' }],
    [{ name: 'v', mountPath: '/m', readOnly: false, subPathExpr: '$(NOPE)/$(EMPTY)' }, { ok: false, error: 'missing value for EMPTY, NOPE' }],
    [{ name: 'v', mountPath: '/m', readOnly: false, subPathExpr: '$(POD)/..' }, { ok: false, error: "unable to provision SubPath `web/..`: must not contain '..'" }],
  ])('%o → %o', (mount, expected) => {
    expect(mountSubPath(container, mount as never)).toEqual(expected);
  });
});

describe('resolveSubPath', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'subpath-vol-'));
    outside = await mkdtemp(path.join(tmpdir(), 'subpath-outside-'));
    await mkdir(path.join(root, 'kept'));
    await symlink(outside, path.join(root, 'escape'));
    await symlink('../..', path.join(root, 'kept', 'up'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('creates a missing subPath with the volume root mode', async () => {
    await chmod(root, 0o777);
    const resolved = await resolveSubPath(root, 'a/b');
    expect(resolved).toBe(path.join(await realpath(root), 'a', 'b'));
    expect((await stat(resolved)).mode & 0o777).toBe(0o777);
  });

  it.each(['escape', 'escape/new', 'kept/up', 'kept/up/etc', '../x'])('refuses %s, which leaves the volume', async (sub) => {
    await expect(resolveSubPath(root, sub)).rejects.toThrow(/outside its volume|leaves its volume/);
    await expect(stat(path.join(outside, 'new'))).rejects.toThrow();
  });
});
