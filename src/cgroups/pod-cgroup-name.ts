import type { QosClass } from '../api/qos-class.js';

/** The cgroup driver Docker reports (`docker info` CgroupDriver). */
import type { CgroupDriver } from '../runtime/cgroup-layout.js';

export type { CgroupDriver };

/** The kubelet's root cgroup (`--cgroup-root` default with `cgroupsPerQOS`). */
export const KUBEPODS = 'kubepods';

/**
 * The pod cgroup's name as a list of levels (kubelet `pod_container_manager_linux.go`
 * `GetPodContainerName`): Guaranteed pods sit directly under `kubepods`, the others under
 * `kubepods/<qos>`; the pod's own level is `pod<uid>` (`GetPodCgroupNameSuffix`).
 */
export function podCgroupLevels(qos: QosClass, podUid: string): string[] {
  const pod = `pod${podUid}`;
  if (qos === 'Guaranteed') return [KUBEPODS, pod];
  return [KUBEPODS, qos.toLowerCase(), pod];
}

/**
 * The `CgroupParent` Docker is given for every container of the pod, pause included
 * (kubelet `CgroupName.ToCgroupfs` / `ToSystemd`, cgroup_manager_linux.go):
 * cgroupfs → `/kubepods/burstable/pod<uid>`; systemd → `kubepods-burstable-pod<uid with - as _>.slice`,
 * which systemd expands to `kubepods.slice/kubepods-burstable.slice/…`.
 */
export function podCgroupParent(driver: CgroupDriver, qos: QosClass, podUid: string): string {
  const levels = podCgroupLevels(qos, podUid);
  if (driver === 'cgroupfs') return `/${levels.join('/')}`;
  return `${levels.map((l) => l.replaceAll('-', '_')).join('-')}.slice`;
}

/**
 * Where the pod cgroup lives below a hierarchy's mount point, as a path: cgroupfs keeps the
 * levels; systemd nests one slice per level (`kubepods.slice/kubepods-burstable.slice/…`).
 */
export function podCgroupPath(driver: CgroupDriver, qos: QosClass, podUid: string): string {
  const levels = podCgroupLevels(qos, podUid);
  if (driver === 'cgroupfs') return levels.join('/');
  const escaped = levels.map((l) => l.replaceAll('-', '_'));
  return escaped.map((_, i) => `${escaped.slice(0, i + 1).join('-')}.slice`).join('/');
}

/** Every place a pod's cgroup may be, whatever its QoS class was (for removal by UID alone). */
export function podCgroupPathCandidates(driver: CgroupDriver, podUid: string): string[] {
  return (['Guaranteed', 'Burstable', 'BestEffort'] as const).map((qos) => podCgroupPath(driver, qos, podUid));
}

/**
 * Where Docker (runc) puts a container's own cgroup below a hierarchy's mount point, under its pod
 * cgroup: cgroupfs `<pod path>/<id>`; systemd `<pod slice path>/docker-<id>.scope`.
 */
export function containerCgroupPath(driver: CgroupDriver, qos: QosClass, podUid: string, containerId: string): string {
  const pod = podCgroupPath(driver, qos, podUid);
  return driver === 'cgroupfs' ? `${pod}/${containerId}` : `${pod}/docker-${containerId}.scope`;
}
