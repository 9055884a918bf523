import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Pod } from '../api/pod-types.js';
import type { CgroupLayout } from '../runtime/cgroup-layout.js';
import { cgroupfsRoots } from './cgroupfs-roots.js';
import { type CgroupFileWrite, makePodCgroupFiles, V1_CONTROLLERS, V2_CONTROLLERS } from './pod-cgroup-files.js';
import { containerCgroupPath, podCgroupLevels, podCgroupParent, podCgroupPath, podCgroupPathCandidates } from './pod-cgroup-name.js';
import { makePodResources } from './pod-resources.js';
import { makeSliceProperties } from './make-slice-properties.js';
import { SystemdSlices } from './systemd-slices.js';

export interface PodCgroupsDeps {
  layout: CgroupLayout;
  /** `--pod-max-pids`: `pids.max` of every pod cgroup; undefined = unlimited (kubelet podPidsLimit −1). */
  podPidsLimit: number | undefined;
  log: Logger;
  /** The systemd driver's slices (default: through `busctl`). */
  slices?: SystemdSlices;
}

const RMDIR_ATTEMPTS = 10;
const RMDIR_RETRY_MS = 100;

/**
 * The pod-level cgroup (kubelet `podContainerManagerImpl`, pod_container_manager_linux.go): every
 * container of a pod, pause included, gets the pod's cgroup as its Docker `CgroupParent`. Docker
 * (runc) creates missing parent directories but writes no limits on them, so with the cgroupfs
 * driver the pod cgroup is created here and held to the pod's summed limits
 * (`ResourceConfigForPod`) and `--pod-max-pids`, before the sandbox starts; it is removed with the
 * pod. With the systemd driver the pod cgroup is a slice (`kubepods-burstable-pod<uid>.slice`),
 * created as a transient unit with the same limits as systemd properties (`SystemdSlices`),
 * adopted when it exists already (an agent restarted under its pods), stopped with the pod.
 */
export class PodCgroups {
  private readonly slices: SystemdSlices;
  /** systemd's answer when it could not be reached at start: no slices are asked for then. */
  private systemdUnreachable: string | undefined;

  constructor(private readonly deps: PodCgroupsDeps) {
    this.slices = deps.slices ?? new SystemdSlices();
  }

  /**
   * Says at start what the agent can do on this host: with the systemd driver, pod limits need
   * systemd on the bus; where it does not answer, the agent says so once and keeps only the
   * per-container limits.
   */
  async checkHost(): Promise<void> {
    const { layout, log } = this.deps;
    if (layout.driver !== 'systemd') {
      log.info({ cgroupDriver: layout.driver, cgroupVersion: layout.version }, 'Writing pod cgroups under /kubepods');
      return;
    }
    const error = await this.slices.reachable();
    if (error === undefined) {
      log.info({ cgroupDriver: layout.driver, cgroupVersion: layout.version }, 'Creating pod slices under kubepods.slice through systemd');
      return;
    }
    this.systemdUnreachable = error;
    log.warn(
      { cgroupDriver: layout.driver, err: { message: error } },
      "systemd does not answer on the bus (busctl): pods get no pod-level limits, the per-container limits apply; run the agent on the host with systemd's busctl on its PATH",
    );
  }

  /** The `CgroupParent` for every container of this pod. */
  parentOf(pod: Pod): string {
    return podCgroupParent(this.deps.layout.driver, makePodResources(pod).qos, pod.metadata.uid);
  }

  /** Creates the pod cgroup with its limits. Never throws: without it the per-container limits still apply. */
  async ensure(pod: Pod): Promise<void> {
    const { layout, podPidsLimit } = this.deps;
    if (layout.driver === 'systemd') return this.ensureSlice(pod);
    const resources = makePodResources(pod);
    const relative = podCgroupPath('cgroupfs', resources.qos, pod.metadata.uid);
    const writes = makePodCgroupFiles(resources, podPidsLimit, layout.version);
    try {
      if (layout.version === 1) {
        // One directory per hierarchy, made at once (a pod's start waits for them); the limits
        // below are written in order (memory.limit_in_bytes before memsw, as the kernel requires).
        await Promise.all(V1_CONTROLLERS.map((controller) => mkdir(path.join(layout.mountPoint, controller, relative), { recursive: true })));
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

  /**
   * cgroup v2: `memory.oom.group` = 1 on a started container's cgroup, as the kubelet 1.28+ asks the
   * runtime to (kuberuntime_container_linux.go, unless `singleProcessOOMKill`): an OOM kill takes
   * the container's whole process group, not one child. Docker has no field for it, so it is
   * written just after the start. A container already gone has no cgroup left to mark.
   */
  async setOomGroup(pod: Pod, containerId: string): Promise<void> {
    const { layout, log } = this.deps;
    if (layout.version !== 2) return;
    const relative = containerCgroupPath(layout.driver, makePodResources(pod).qos, pod.metadata.uid, containerId);
    try {
      await writeFile(path.join(layout.mountPoint, relative, 'memory.oom.group'), '1');
    } catch (err) {
      const gone = (err as NodeJS.ErrnoException).code === 'ENOENT';
      log[gone ? 'debug' : 'warn'](
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: pod.metadata.uid, containerId: containerId.slice(0, 12), err: { message: (err as Error).message } },
        gone
          ? 'The container cgroup was gone before memory.oom.group was set (the container exited)'
          : 'Failed to set memory.oom.group on the container cgroup; an OOM kill then takes one process, not the whole container',
      );
    }
  }

  /** Removes the pod cgroup (every hierarchy, whatever its QoS class was); its containers must be gone. */
  async remove(podUid: string): Promise<void> {
    const { layout } = this.deps;
    if (layout.driver === 'systemd') return this.removeSlice(podUid);
    for (const root of await cgroupfsRoots(layout)) {
      for (const candidate of podCgroupPathCandidates('cgroupfs', podUid)) await removeCgroupDir(path.join(root, candidate));
    }
  }

  private async ensureSlice(pod: Pod): Promise<void> {
    if (this.systemdUnreachable !== undefined) return;
    const resources = makePodResources(pod);
    const chain = podCgroupPath('systemd', resources.qos, pod.metadata.uid).split('/');
    const error = await this.slices.ensure(chain, makeSliceProperties(resources, this.deps.podPidsLimit, this.deps.layout.version));
    if (error !== undefined) {
      this.deps.log.warn(
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: pod.metadata.uid, slice: chain.at(-1), err: { message: error } },
        'systemd refused the pod slice; the per-container limits still apply (see `systemctl status` of the slice)',
      );
    }
  }

  private async removeSlice(podUid: string): Promise<void> {
    if (this.systemdUnreachable !== undefined) return;
    for (const candidate of podCgroupPathCandidates('systemd', podUid)) {
      const unit = candidate.split('/').at(-1) ?? candidate;
      const error = await this.slices.remove(unit);
      if (error !== undefined) this.deps.log.warn({ podUid, slice: unit, err: { message: error } }, 'Failed to stop the pod slice');
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
