import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { mountPointsUnder, readMountPoints } from './mount-table.js';

const run = promisify(execFile);

/**
 * Mounts one tmpfs of `sizeBytes` on `dir` unless one is already there (an agent restart keeps
 * it), as the kubelet's emptyDir `setupTmpfs` does. Every container of the pod bind-mounts this
 * directory, so they all share the one tmpfs. Needs root (CAP_SYS_ADMIN) and the engine's mount
 * namespace, as the kubelet does.
 */
export async function ensureTmpfs(dir: string, sizeBytes: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o777 });
  if ((await readMountPoints()).includes(dir)) return;
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`cannot mount a tmpfs of ${sizeBytes} bytes on ${dir}: ${stderr || (err as Error).message} (medium: Memory needs the agent to run as root)`, { cause: err });
  }
}

/**
 * Removes a directory that may hold tmpfs mounts (the pod directory): unmounts them first, deepest
 * first, so the removal neither fails on a busy mount point nor leaves a tmpfs behind.
 */
export async function removeWithMounts(dir: string): Promise<void> {
  for (const point of mountPointsUnder(await readMountPoints(), dir)) {
    try {
      await run('umount', [point]);
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr?.trim();
      throw new Error(`cannot unmount ${point}: ${stderr || (err as Error).message}`, { cause: err });
    }
  }
  await rm(dir, { recursive: true, force: true });
}
