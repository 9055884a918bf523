import { statfs } from 'node:fs/promises';
import type { DiskStats, FilesystemStats } from './disk-pressure.js';

/** statfs of the filesystem holding `dir`: what an unprivileged writer may still use (`bavail`). */
export async function readFilesystemStats(dir: string): Promise<FilesystemStats> {
  const s = await statfs(dir);
  return { capacityBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize, inodes: s.files, inodesFree: s.ffree };
}

/**
 * nodefs (the agent's root dir) and imagefs (the engine's data root, `docker info` DockerRootDir).
 * An imagefs that cannot be read from here (the agent in a container without it mounted) is taken
 * as the nodefs, as the kubelet does when both are one filesystem.
 */
export async function readDiskStats(rootDir: string, imageRoot: string | undefined): Promise<DiskStats> {
  const nodefs = await readFilesystemStats(rootDir);
  const imagefs = imageRoot === undefined ? nodefs : await readFilesystemStats(imageRoot).catch(() => nodefs);
  return { nodefs, imagefs };
}
