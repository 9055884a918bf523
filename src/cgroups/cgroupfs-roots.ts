import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CgroupLayout } from '../runtime/cgroup-layout.js';

/** Where pod cgroups may live, one root per hierarchy: v1 one per mounted controller, v2 the one mount. */
export async function cgroupfsRoots(layout: CgroupLayout): Promise<string[]> {
  if (layout.version !== 1) return [layout.mountPoint];
  return (await readdir(layout.mountPoint).catch(() => [] as string[])).map((h) => path.join(layout.mountPoint, h));
}
