import { describe, expect, it } from 'vitest';
import { containerCgroupPath, podCgroupParent, podCgroupPath, podCgroupPathCandidates } from './pod-cgroup-name.js';

const UID = '6b1a4e0e-0000-4000-8000-000000000001';
const ESCAPED = '6b1a4e0e_0000_4000_8000_000000000001';

describe('pod cgroup names (kubelet pod_container_manager_linux.go, CgroupName.ToCgroupfs/ToSystemd)', () => {
  it.each<['cgroupfs' | 'systemd', 'Guaranteed' | 'Burstable' | 'BestEffort', string, string]>([
    ['cgroupfs', 'Guaranteed', `/kubepods/pod${UID}`, `kubepods/pod${UID}`],
    ['cgroupfs', 'Burstable', `/kubepods/burstable/pod${UID}`, `kubepods/burstable/pod${UID}`],
    ['cgroupfs', 'BestEffort', `/kubepods/besteffort/pod${UID}`, `kubepods/besteffort/pod${UID}`],
    ['systemd', 'Guaranteed', `kubepods-pod${ESCAPED}.slice`, `kubepods.slice/kubepods-pod${ESCAPED}.slice`],
    [
      'systemd',
      'Burstable',
      `kubepods-burstable-pod${ESCAPED}.slice`,
      `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${ESCAPED}.slice`,
    ],
    [
      'systemd',
      'BestEffort',
      `kubepods-besteffort-pod${ESCAPED}.slice`,
      `kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${ESCAPED}.slice`,
    ],
  ])('%s %s → parent %s, path %s', (driver, qos, parent, path) => {
    expect(podCgroupParent(driver, qos, UID)).toBe(parent);
    expect(podCgroupPath(driver, qos, UID)).toBe(path);
  });

  it('lists every QoS placement for removal by UID', () => {
    expect(podCgroupPathCandidates('cgroupfs', UID)).toEqual([
      `kubepods/pod${UID}`,
      `kubepods/burstable/pod${UID}`,
      `kubepods/besteffort/pod${UID}`,
    ]);
  });

  it.each<['cgroupfs' | 'systemd', 'Guaranteed' | 'Burstable', string]>([
    ['cgroupfs', 'Burstable', `kubepods/burstable/pod${UID}/abc123`],
    ['systemd', 'Burstable', `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${ESCAPED}.slice/docker-abc123.scope`],
    ['systemd', 'Guaranteed', `kubepods.slice/kubepods-pod${ESCAPED}.slice/docker-abc123.scope`],
  ])('puts container abc123 of a %s %s pod at %s', (driver, qos, path) => {
    expect(containerCgroupPath(driver, qos, UID, 'abc123')).toBe(path);
  });
});
