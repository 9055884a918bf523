import path from 'node:path';

/** The kubelet's layout under the root dir (DESIGN.md §4, contract). */
export function podDir(rootDir: string, podUid: string): string {
  return path.join(rootDir, 'pods', podUid);
}

export function emptyDirPath(rootDir: string, podUid: string, volumeName: string): string {
  return path.join(podDir(rootDir, podUid), 'volumes', 'kubernetes.io~empty-dir', volumeName);
}

/** The host file bind-mounted at a container's terminationMessagePath (one per instance). */
export function terminationMessageFile(rootDir: string, podUid: string, containerName: string, attempt: number): string {
  return path.join(podDir(rootDir, podUid), 'containers', containerName, String(attempt));
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
