import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { CgroupLayout } from '../cgroup-layout.js';

/** Where Linux mounts the cgroup hierarchies (runc's default too). */
const CGROUP_MOUNT_POINT = '/sys/fs/cgroup';

/**
 * The cgroup driver and version the engine uses (`docker info` CgroupDriver / CgroupVersion), so
 * pod cgroups are named as Docker expects them. Undefined when the engine manages no cgroups
 * (driver `none`, e.g. rootless without delegation): containers then keep the engine's default
 * parent and only the per-container limits the engine can apply. (`PodCgroups.checkHost` then says
 * how pod cgroups are made on this host.)
 */
export async function readCgroupLayout(docker: Docker, log: Logger): Promise<CgroupLayout | undefined> {
  const info = (await docker.info()) as { CgroupDriver?: string; CgroupVersion?: string };
  const driver = info.CgroupDriver;
  const version = info.CgroupVersion === '2' ? 2 : 1;
  if (driver !== 'cgroupfs' && driver !== 'systemd') {
    log.warn({ cgroupDriver: driver }, 'The engine manages no cgroups; pods get no pod-level cgroup');
    return undefined;
  }
  return { driver, version, mountPoint: CGROUP_MOUNT_POINT };
}
