/**
 * Pod cgroups no pod uses any more (kubelet `cleanupOrphanedPodCgroups`, kubelet_pods.go): a pod
 * whose containers went while no agent watched (removed by hand, `docker system prune`, an agent
 * killed in the middle of a removal) leaves `kubepods/…/pod<uid>` behind in every hierarchy, and
 * often its containers' directories under it; on a server that runs for months they pile up. The
 * kubelet owns `kubepods` alone; here several agents may share one host and engine (one
 * `--node-name` each), so a pod cgroup counts as orphaned only when no container on the engine, of
 * any node, carries its pod UID, this agent does not know the pod, and it has not changed for
 * `minAgeMs` (a pod of another agent between its cgroup and its sandbox is younger). Only the
 * cgroupfs driver: with systemd the pod cgroups are slices, stopped with their pods.
 */
import { readdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CgroupLayout } from '../runtime/cgroup-layout.js';
import { cgroupfsRoots } from './cgroupfs-roots.js';
import { KUBEPODS } from './pod-cgroup-name.js';

export interface PodCgroupDir {
  path: string;
  uid: string;
  mtimeMs: number;
}

/** Pure: the pod cgroups to remove, in the order found. */
export function pickOrphanedPodCgroups(dirs: readonly PodCgroupDir[], liveUids: ReadonlySet<string>, nowMs: number, minAgeMs: number): PodCgroupDir[] {
  return dirs.filter((d) => !liveUids.has(d.uid) && nowMs - d.mtimeMs >= minAgeMs);
}

export interface OrphanedPodCgroupsDeps {
  layout: CgroupLayout;
  /** The pod UIDs in use: every container's on the engine (any node), and the pods this agent knows. */
  liveUids(): Promise<ReadonlySet<string>>;
  log: Logger;
  now?: () => number;
  /** Default 10 minutes. */
  minAgeMs?: number;
  /** Between sweeps (default 10 minutes; the first runs at `start`). */
  intervalMs?: number;
}

const QOS_LEVELS = [KUBEPODS, `${KUBEPODS}/burstable`, `${KUBEPODS}/besteffort`];
const POD_DIR = /^pod([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const TEN_MINUTES = 10 * 60_000;

export class OrphanedPodCgroups {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: OrphanedPodCgroupsDeps) {}

  start(): void {
    if (this.deps.layout.driver !== 'cgroupfs') return;
    void this.sweepLogged();
    this.timer = setInterval(() => void this.sweepLogged(), this.deps.intervalMs ?? TEN_MINUTES);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One sweep (one at a time): how many pod cgroups went. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepLogged(): Promise<void> {
    try {
      await this.sweep();
    } catch (err) {
      this.deps.log.warn({ err: { message: (err as Error).message } }, 'Could not look for pod cgroups no pod uses; trying again at the next sweep');
    }
  }

  private async sweepOnce(): Promise<number> {
    const { layout, log } = this.deps;
    const dirs = await listPodCgroupDirs(layout);
    if (dirs.length === 0) return 0;
    const orphans = pickOrphanedPodCgroups(dirs, await this.deps.liveUids(), (this.deps.now ?? Date.now)(), this.deps.minAgeMs ?? TEN_MINUTES);
    let removed = 0;
    for (const orphan of orphans) if (await removeCgroupTree(orphan.path)) removed++;
    const pods = new Set(orphans.map((o) => o.uid)).size;
    if (removed > 0) log.info({ pods, directories: removed }, 'Removed the cgroups of pods no container uses any more (their containers went while no agent watched)');
    if (removed < orphans.length) log.debug({ left: orphans.length - removed }, 'Some orphaned pod cgroups still hold processes: left for a later sweep');
    return removed;
  }
}

/** Every `kubepods/[qos/]pod<uid>` in every hierarchy (v1: one per controller; v2: the one). */
async function listPodCgroupDirs(layout: CgroupLayout): Promise<PodCgroupDir[]> {
  const found: PodCgroupDir[] = [];
  for (const root of await cgroupfsRoots(layout)) {
    for (const level of QOS_LEVELS) {
      const dir = path.join(root, level);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const uid = POD_DIR.exec(name)?.[1];
        if (!uid) continue;
        const info = await stat(path.join(dir, name)).catch(() => undefined);
        if (info?.isDirectory()) found.push({ path: path.join(dir, name), uid, mtimeMs: info.mtimeMs });
      }
    }
  }
  return found;
}

/** rmdir of a cgroup and the (container) cgroups under it, deepest first; false when one holds processes or is busy. */
async function removeCgroupTree(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const child of entries) {
    if (child.isDirectory() && !(await removeCgroupTree(path.join(dir, child.name)))) return false;
  }
  try {
    await rmdir(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
