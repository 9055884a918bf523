/** How the engine's host arranges cgroups (what `docker info` reports): where pod cgroups can go. */
export type CgroupDriver = 'cgroupfs' | 'systemd';
export type CgroupVersion = 1 | 2;

export interface CgroupLayout {
  driver: CgroupDriver;
  version: CgroupVersion;
  /** Where the cgroup hierarchies are mounted: `/sys/fs/cgroup`. */
  mountPoint: string;
}
