/**
 * The downward API's field paths (k8s `pkg/apis/core/validation/validation.go`
 * `validEnvDownwardAPIFieldPathExpressions`, `validVolumeDownwardAPIFieldPathExpressions`) and
 * its resources (`validContainerResourceFieldPathExpressions`, the divisors of
 * `validateContainerResourceDivisor`).
 */

export const ENV_FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** `metadata.labels['key']` and `metadata.annotations['key']` (env and volumes alike). */
export function subscriptedPath(path: string): { field: 'labels' | 'annotations'; key: string } | undefined {
  const match = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  return match ? { field: match[1] as 'labels' | 'annotations', key: match[2] ?? '' } : undefined;
}

export const RESOURCE_FIELDS = [
  'limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory',
];

export const CPU_DIVISORS = ['1m', '1'];
export const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
