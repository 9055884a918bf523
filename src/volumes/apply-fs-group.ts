import type { Stats } from 'node:fs';
import { chmod, lchown, lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The kubelet's volume ownership for `spec.securityContext.fsGroup` (k8s pkg/volume/volume_linux.go,
 * `VolumeOwnership.ChangePermissions`), for any volume directory minikubelet sets up.
 */

const RW_MASK = 0o660;
const RO_MASK = 0o440;
const EXEC_MASK = 0o110;
const SETGID = 0o2000;
/** Permission and special bits: what chmod takes. */
const MODE_BITS = 0o7777;

export interface FsGroupOptions {
  /** A volume the kubelet sets up read-only (configMap, secret, downwardAPI, projected): group read instead of read-write. */
  readOnly?: boolean;
}

function maskFor(info: Stats, readOnly: boolean): number {
  const mask = readOnly ? RO_MASK : RW_MASK;
  return info.isDirectory() ? mask | EXEC_MASK | SETGID : mask;
}

/**
 * Makes everything under `dir`, and `dir` itself last, group-owned by `fsGroup` with group access:
 * `lchown(path, -1, fsGroup)` (the owner unchanged; a symlink's own group, never its target's),
 * then the mode gains `0660` (read-only volumes `0440`), directories also `0110` and the setgid
 * bit, so files created later belong to `fsGroup` too. Symlinks keep their mode (a chmod would
 * follow them). As in the kubelet, a file that cannot be changed does not stop the walk: the
 * returned list says which failed and why (empty when all went well).
 */
export async function applyFsGroup(dir: string, fsGroup: number, options: FsGroupOptions = {}): Promise<string[]> {
  const failures: string[] = [];
  const readOnly = options.readOnly ?? false;
  const change = async (file: string, info: Stats): Promise<void> => {
    try {
      await lchown(file, -1, fsGroup);
      if (!info.isSymbolicLink()) await chmod(file, (info.mode & MODE_BITS) | maskFor(info, readOnly));
    } catch (err) {
      failures.push(`${file}: ${(err as Error).message}`);
    }
  };
  try {
    await walkDeepestFirst(dir, await lstat(dir), change, failures);
  } catch (err) {
    failures.push(`${dir}: ${(err as Error).message}`);
  }
  return failures;
}

/** kubelet `walkDeep`: children before their directory, unsorted, symlinks not followed. */
async function walkDeepestFirst(
  file: string,
  info: Stats,
  visit: (file: string, info: Stats) => Promise<void>,
  failures: string[],
): Promise<void> {
  if (info.isDirectory()) {
    let names: string[] = [];
    try {
      names = await readdir(file);
    } catch (err) {
      failures.push(`${file}: ${(err as Error).message}`);
    }
    for (const name of names) {
      const child = path.join(file, name);
      try {
        await walkDeepestFirst(child, await lstat(child), visit, failures);
      } catch (err) {
        failures.push(`${child}: ${(err as Error).message}`);
      }
    }
  }
  await visit(file, info);
}

/**
 * kubelet `requiresPermissionChange`, negated: `dir` is a directory of group `fsGroup` with the
 * setgid bit and at least the group and owner bits `applyFsGroup` adds. The fsGroupChangePolicy
 * `OnRootMismatch` test, and how a volume already set up for its pod is recognised.
 */
export async function hasFsGroupOwnership(dir: string, fsGroup: number, options: FsGroupOptions = {}): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory() || info.gid !== fsGroup) return false;
  const wanted = (options.readOnly ? RO_MASK : RW_MASK) | EXEC_MASK;
  return (info.mode & wanted) === wanted && (info.mode & SETGID) !== 0;
}
