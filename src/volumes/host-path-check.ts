import { type Stats } from 'node:fs';
import { lstat, mkdir, stat, writeFile } from 'node:fs/promises';
import type { HostPathType } from '../api/pod-types.js';

const NOT_A: Record<Exclude<HostPathType, '' | 'DirectoryOrCreate' | 'FileOrCreate'>, string> = {
  Directory: 'a directory',
  File: 'a file',
  Socket: 'a socket file',
  CharDevice: 'a character device',
  BlockDevice: 'a block device',
};

function fail(p: string, what: string): never {
  throw new Error(`hostPath type check failed: ${p} is not ${what}`);
}

function isType(info: Stats | undefined, type: keyof typeof NOT_A): boolean {
  if (!info) return false;
  switch (type) {
    case 'Directory':
      return info.isDirectory();
    case 'File':
      return info.isFile();
    case 'Socket':
      return info.isSocket();
    case 'CharDevice':
      return info.isCharacterDevice();
    case 'BlockDevice':
      return info.isBlockDevice();
  }
}

/**
 * The kubelet's hostPath type checker (pkg/volume/hostpath/host_path.go `checkTypeInternal`),
 * following symlinks as it does: `""` checks nothing (Docker creates a missing path as a
 * directory); DirectoryOrCreate makes a missing directory (0755, parents too); FileOrCreate makes a
 * missing empty file (0644) but not its parent; File needs a regular file (recent kubelets;
 * older ones accepted anything but a directory); Socket, CharDevice, BlockDevice need that kind of
 * file. The error names the path and what it should have been.
 */
export async function checkHostPath(p: string, type: HostPathType): Promise<void> {
  if (type === '') return;
  const info = await stat(p).catch(() => undefined);
  // A dangling symlink exists (lstat) but is of no type: it fails the check instead of being replaced.
  const missing = !info && !(await lstat(p).catch(() => undefined));
  switch (type) {
    case 'DirectoryOrCreate':
      if (missing) {
        await mkdir(p, { recursive: true, mode: 0o755 });
        return;
      }
      if (!isType(info, 'Directory')) fail(p, NOT_A.Directory);
      return;
    case 'FileOrCreate':
      if (missing) {
        try {
          await writeFile(p, '', { mode: 0o644, flag: 'wx' });
        } catch (err) {
          throw new Error(`hostPath type check failed: cannot create ${p}: ${(err as Error).message}`, { cause: err });
        }
        return;
      }
      if (!isType(info, 'File')) fail(p, NOT_A.File);
      return;
    default:
      if (!isType(info, type)) fail(p, NOT_A[type]);
  }
}
