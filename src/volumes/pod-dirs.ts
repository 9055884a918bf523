import path from 'node:path';
import { isSafeSegment } from '../shared/path-segment.js';

/** A pod UID or container name read back from a Docker label that cannot be one path segment. */
export class UnsafePathSegmentError extends Error {}

/** `value` as one path segment, or an error: see `isSafeSegment`. */
export function safeSegment(what: string, value: string): string {
  if (!isSafeSegment(value)) throw new UnsafePathSegmentError(`refusing ${what} ${JSON.stringify(value)} as a path segment`);
  return value;
}

/** The kubelet's layout under the root dir (DESIGN.md §4, contract). */
export function podDir(rootDir: string, podUid: string): string {
  return path.join(rootDir, 'pods', safeSegment('pod UID', podUid));
}

export function emptyDirPath(rootDir: string, podUid: string, volumeName: string): string {
  return path.join(podDir(rootDir, podUid), 'volumes', 'kubernetes.io~empty-dir', volumeName);
}

/** The host file bind-mounted at a container's terminationMessagePath (one per instance). */
export function terminationMessageFile(rootDir: string, podUid: string, containerName: string, attempt: number): string {
  return path.join(podDir(rootDir, podUid), 'containers', safeSegment('container name', containerName), String(attempt));
}

/** The kubelet's plugin directory names for the volume types whose files it writes. */
const PROJECTED_PLUGIN_DIRS = {
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
} as const;

export function projectedVolumePath(rootDir: string, podUid: string, type: keyof typeof PROJECTED_PLUGIN_DIRS, volumeName: string): string {
  return path.join(podDir(rootDir, podUid), 'volumes', PROJECTED_PLUGIN_DIRS[type], volumeName);
}
