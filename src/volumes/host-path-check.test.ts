import { mkdtemp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostPathType } from '../api/pod-types.js';
import { checkHostPath } from './host-path-check.js';

describe('checkHostPath (kubelet hostPath type checker)', () => {
  let dir: string;
  const server = createServer();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostpath-check-'));
    await mkdir(path.join(dir, 'd'));
    await writeFile(path.join(dir, 'f'), 'x');
    await symlink(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    await new Promise<void>((resolve) => server.listen(path.join(dir, 's.sock'), resolve));
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each<[HostPathType, string, string | undefined]>([
    ['', 'missing', undefined],
    ['Directory', 'd', undefined],
    ['Directory', 'f', 'is not a directory'],
    ['Directory', 'missing', 'is not a directory'],
    ['File', 'f', undefined],
    ['File', 'd', 'is not a file'],
    ['File', 's.sock', 'is not a file'],
    ['Socket', 's.sock', undefined],
    ['Socket', 'f', 'is not a socket file'],
    ['CharDevice', '/dev/null', undefined],
    ['CharDevice', 'f', 'is not a character device'],
    ['BlockDevice', '/dev/null', 'is not a block device'],
    ['DirectoryOrCreate', 'd', undefined],
    ['DirectoryOrCreate', 'f', 'is not a directory'],
    ['DirectoryOrCreate', 'dangling', 'is not a directory'],
    ['FileOrCreate', 'f', undefined],
    ['FileOrCreate', 'd', 'is not a file'],
  ])('%s on %s', async (type, name, error) => {
    const p = path.isAbsolute(name) ? name : path.join(dir, name);
    const check = checkHostPath(p, type);
    if (error === undefined) await expect(check).resolves.toBeUndefined();
    else await expect(check).rejects.toThrow(`hostPath type check failed: ${p} ${error}`);
  });

  it('DirectoryOrCreate creates the directory and its parents, mode 0755', async () => {
    const p = path.join(dir, 'new', 'deep');
    await checkHostPath(p, 'DirectoryOrCreate');
    expect((await stat(p)).mode & 0o777).toBe(0o755);
  });

  it('FileOrCreate creates an empty 0644 file but not its parent', async () => {
    const p = path.join(dir, 'created.txt');
    await checkHostPath(p, 'FileOrCreate');
    expect(await readFile(p, 'utf8')).toBe('');
    expect((await stat(p)).mode & 0o777).toBe(0o644);
    await expect(checkHostPath(path.join(dir, 'no-parent', 'x'), 'FileOrCreate')).rejects.toThrow('cannot create');
  });
});
