import { execFile } from 'node:child_process';
import { readdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CGROUP_ROOT = '/sys/fs/cgroup';
const QOS_LEVELS = ['kubepods', 'kubepods/burstable', 'kubepods/besteffort'];

/**
 * What an agent leaves on the host when it is killed rather than asked to remove its pods: tmpfs
 * mounts (`medium: Memory` emptyDirs) under its root dir, and the pod cgroups (cgroupfs driver,
 * v1 hierarchies or v2). Engine tests remove them with the containers, so nothing piles up.
 */
export async function removeHostLeftovers(rootDir: string, podUids: readonly string[]): Promise<void> {
  const table = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const mounts = table.split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(`${rootDir}/`));
  for (const point of mounts.reverse()) await run('umount', ['-l', point]).catch(() => undefined);
  if (podUids.length === 0) return;
  const hierarchies = (await readdir(CGROUP_ROOT).catch(() => [] as string[])).map((h) => join(CGROUP_ROOT, h));
  for (const root of [CGROUP_ROOT, ...hierarchies]) {
    for (const level of QOS_LEVELS) for (const uid of podUids) await rmdir(join(root, level, `pod${uid}`)).catch(() => undefined);
  }
}
