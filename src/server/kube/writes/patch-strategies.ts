/**
 * The strategic-merge-patch metadata of the core types this API writes: which lists merge by a
 * key instead of being replaced, as the Go types' `patchStrategy`/`patchMergeKey` tags say
 * (k8s `staging/src/k8s.io/api/core/v1/types.go`, `apimachinery/pkg/apis/meta/v1/types.go`).
 * Paths are dotted field names, `[]` marking a list item: `spec.containers[].env`. Pure.
 */

export interface ListStrategy {
  /** Items are merged by this key (a list of maps); absent: a list of scalars merged as a set. */
  mergeKey?: string;
  /** The `retainKeys` strategy: a patched item keeps only the keys the patch lists (volume sources). */
  retainKeys?: boolean;
}

const CONTAINER_LISTS: Record<string, ListStrategy> = {
  ports: { mergeKey: 'containerPort' },
  env: { mergeKey: 'name' },
  volumeMounts: { mergeKey: 'mountPath' },
  volumeDevices: { mergeKey: 'devicePath' },
};

function containerLists(prefix: string): Record<string, ListStrategy> {
  return Object.fromEntries(Object.entries(CONTAINER_LISTS).map(([k, v]) => [`${prefix}[].${k}`, v]));
}

const METADATA: Record<string, ListStrategy> = {
  'metadata.ownerReferences': { mergeKey: 'uid' },
  'metadata.finalizers': {},
};

const POD: Record<string, ListStrategy> = {
  ...METADATA,
  'spec.containers': { mergeKey: 'name' },
  'spec.initContainers': { mergeKey: 'name' },
  'spec.ephemeralContainers': { mergeKey: 'name' },
  ...containerLists('spec.containers'),
  ...containerLists('spec.initContainers'),
  ...containerLists('spec.ephemeralContainers'),
  'spec.volumes': { mergeKey: 'name', retainKeys: true },
  'spec.imagePullSecrets': { mergeKey: 'name' },
  'spec.hostAliases': { mergeKey: 'ip' },
  'spec.topologySpreadConstraints': { mergeKey: 'topologyKey' },
  'spec.resourceClaims': { mergeKey: 'name', retainKeys: true },
  'spec.schedulingGates': { mergeKey: 'name' },
};

const SERVICE: Record<string, ListStrategy> = {
  ...METADATA,
  'spec.ports': { mergeKey: 'port' },
};

const BY_KIND: Record<string, Record<string, ListStrategy>> = { Pod: POD, Service: SERVICE, ConfigMap: METADATA, Secret: METADATA };

/** How the list at `path` merges; undefined: it is replaced whole (atomic), as lists without tags are. */
export function listStrategy(kind: string, path: string): ListStrategy | undefined {
  return BY_KIND[kind]?.[path];
}

/** Whether a strategic merge patch can be applied to `kind` (the API server refuses it for custom types). */
export function hasPatchStrategies(kind: string): boolean {
  return kind in BY_KIND;
}
