import { mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Pod } from '../api/pod-types.js';
import type { CgroupLayout } from '../runtime/cgroup-layout.js';
import { type CgroupFileWrite, makePodCgroupFiles, V1_CONTROLLERS, V2_CONTROLLERS } from './pod-cgroup-files.js';
import { podCgroupLevels, podCgroupParent, podCgroupPath, podCgroupPathCandidates } from './pod-cgroup-name.js';
import { makePodResources } from './pod-resources.js';


export interface PodCgroupsDeps {
  layout: CgroupLayout;
  /** `--pod-max-pids`: `pids.max` of every pod cgroup; undefined = unlimited (kubelet podPidsLimit −1). */
  podPidsLimit: number | undefined;
  log: Logger;
}

const RMDIR_ATTEMPTS = 10;
const RMDIR_RETRY_MS = 100;

/**
 * The pod-level cgroup (kubelet `podContainerManagerImpl`, pod_container_manager_linux.go): every
 * container of a pod, pause included, gets the pod's cgroup as its Docker `CgroupParent`. Docker
 * (runc) creates missing parent directories but writes no limits on them, so with the cgroupfs
 * driver the pod cgroup is created here and held to the pod's summed limits
 * (`ResourceConfigForPod`) and `--pod-max-pids`, before the sandbox starts; it is removed with the
 * pod. With the systemd driver, the slices are systemd's to manage: only the parent is set, and
 * the per-container limits apply.
 */
export class PodCgroups {
  constructor(private readonly deps: PodCgroupsDeps) {}

  /** The `CgroupParent` for every container of this pod. */
  parentOf(pod: Pod): string {
    return podCgroupParent(this.deps.layout.driver, makePodResources(pod).qos, pod.metadata.uid);
  }

  /** Creates the pod cgroup with its limits. Never throws: without it the per-container limits still apply. */
  async ensure(pod: Pod): Promise<void> {
    const { layout, podPidsLimit } = this.deps;
    if (layout.driver !== 'cgroupfs') return;
    const resources = makePodResources(pod);
    const relative = podCgroupPath('cgroupfs', resources.qos, pod.metadata.uid);
    const writes = makePodCgroupFiles(resources, podPidsLimit, layout.version);
    try {
      if (layout.version === 1) {
        for (const controller of V1_CONTROLLERS) await mkdir(path.join(layout.mountPoint, controller, relative), { recursive: true });
      } else {
        await mkdir(path.join(layout.mountPoint, relative), { recursive: true });
        await this.enableV2Controllers(podCgroupLevels(resources.qos, pod.metadata.uid));
      }
      for (const w of writes) await writeFile(this.fileOf(relative, w), w.value);
    } catch (err) {
      this.deps.log.warn(
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: pod.metadata.uid, cgroup: relative, err: { message: (err as Error).message } },
        'Failed to set the pod cgroup limits; the per-container limits still apply',
      );
    }
  }

  /** Removes the pod cgroup (every hierarchy, whatever its QoS class was); its containers must be gone. */
  async remove(podUid: string): Promise<void> {
    const { layout } = this.deps;
    if (layout.driver !== 'cgroupfs') return;
    const roots = layout.version === 1 ? (await readdir(layout.mountPoint).catch(() => [])).map((h) => path.join(layout.mountPoint, h)) : [layout.mountPoint];
    for (const root of roots) {
      for (const candidate of podCgroupPathCandidates('cgroupfs', podUid)) await removeCgroupDir(path.join(root, candidate));
    }
  }

  private fileOf(relative: string, w: CgroupFileWrite): string {
    return path.join(this.deps.layout.mountPoint, w.controller, relative, w.file);
  }

  /** cgroup v2: a controller's files exist in a cgroup only when its parent enables it (`+cpu` in `cgroup.subtree_control`). */
  private async enableV2Controllers(levels: string[]): Promise<void> {
    for (let depth = 0; depth < levels.length; depth++) {
      const dir = path.join(this.deps.layout.mountPoint, ...levels.slice(0, depth));
      for (const controller of V2_CONTROLLERS) {
        await writeFile(path.join(dir, 'cgroup.subtree_control'), `+${controller}`).catch(() => undefined);
      }
    }
  }
}

/** rmdir, retried while the kernel still counts a just-removed container's cgroup (EBUSY). */
async function removeCgroupDir(dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rmdir(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EBUSY' || attempt >= RMDIR_ATTEMPTS) return;
      await new Promise((resolve) => setTimeout(resolve, RMDIR_RETRY_MS));
    }
  }
}
