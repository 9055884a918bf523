import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export interface DiskUsage {
  /** Bytes of disk the walked part uses (`du`: allocated blocks × 512, hard links once). */
  bytes: number;
  /** False when the walk stopped early: over `stopAboveBytes`, or at `maxEntries`. */
  complete: boolean;
}

export interface DiskUsageOptions {
  /** Stop as soon as the usage is known to be above this (the caller only needs "over the limit"). */
  stopAboveBytes: number;
  /** Bound on the cost of one walk: at most this many directory entries are looked at. */
  maxEntries: number;
}

/**
 * `du -s` of a directory, as the kubelet's `fs.DiskUsage` measures an emptyDir for its sizeLimit:
 * allocated blocks (a sparse file counts what it really uses), every hard-linked inode once, symlinks
 * not followed, mount points below not crossed. The walk is bounded (`maxEntries`) and stops once the
 * usage exceeds `stopAboveBytes`, so a huge volume costs a bounded amount per check.
 */
export async function measureDiskUsage(dir: string, options: DiskUsageOptions): Promise<DiskUsage> {
  const root = await lstat(dir).catch(() => undefined);
  if (!root) return { bytes: 0, complete: true };
  const seen = new Set<string>();
  let bytes = root.blocks * 512;
  let entries = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const names = await readdir(current).catch(() => [] as string[]);
    for (const name of names) {
      if (++entries > options.maxEntries) return { bytes, complete: false };
      const p = path.join(current, name);
      const info = await lstat(p).catch(() => undefined);
      if (!info) continue;
      if (info.nlink > 1 && !info.isDirectory()) {
        const key = `${info.dev}:${info.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      bytes += info.blocks * 512;
      if (bytes > options.stopAboveBytes) return { bytes, complete: false };
      if (info.isDirectory() && info.dev === root.dev) stack.push(p);
    }
  }
  return { bytes, complete: true };
}
