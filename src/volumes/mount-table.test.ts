import { describe, expect, it } from 'vitest';
import { mountPointsUnder, parseMountPoints } from './mount-table.js';

const MOUNTINFO = [
  '21 26 0:20 / /proc rw,relatime - proc proc rw',
  '30 26 0:40 / /var/lib/minikubelet/pods/u1/volumes/kubernetes.io~empty-dir/cache rw - tmpfs tmpfs rw,size=65536k',
  '31 26 0:41 / /var/lib/minikubelet/pods/u1/volumes/kubernetes.io~empty-dir/with\\040space rw - tmpfs tmpfs rw',
  '32 26 0:42 / /var/lib/minikubelet/pods/u10/volumes/x rw - tmpfs tmpfs rw',
  '',
].join('\n');

describe('mount table', () => {
  it('reads mount points, undoing the octal escapes', () => {
    expect(parseMountPoints(MOUNTINFO)).toEqual([
      '/proc',
      '/var/lib/minikubelet/pods/u1/volumes/kubernetes.io~empty-dir/cache',
      '/var/lib/minikubelet/pods/u1/volumes/kubernetes.io~empty-dir/with space',
      '/var/lib/minikubelet/pods/u10/volumes/x',
    ]);
  });

  it('finds the mounts under a directory only (not a sibling sharing its prefix), deepest first', () => {
    const points = [...parseMountPoints(MOUNTINFO), '/var/lib/minikubelet/pods/u1'];
    expect(mountPointsUnder(points, '/var/lib/minikubelet/pods/u1/')).toEqual([
      '/var/lib/minikubelet/pods/u1/volumes/kubernetes.io~empty-dir/with space',
      '/var/lib/minikubelet/pods/u1/volumes/kubernetes.io~empty-dir/cache',
      '/var/lib/minikubelet/pods/u1',
    ]);
  });
});
