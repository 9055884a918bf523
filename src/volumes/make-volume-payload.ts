import { type ConfigLookup, type ConfigObject, configObjectEntries } from '../api/config-object-types.js';
import { notFound } from '../api/container-env.js';
import { type PodRuntimeIPs, resolveFieldPath } from '../api/downward-field.js';
import type { Pod, Volume } from '../api/pod-types.js';
import type { ConfigMapProjection, DownwardAPIVolumeFile, ServiceAccountTokenProjection } from '../api/projection-types.js';
import { type NodeAllocatable, resolveResourceField } from '../api/resource-field-ref.js';
import type { FileProjection } from './atomic-writer.js';

export type VolumePayloadResult = { ok: true; payload: Map<string, FileProjection> } | { ok: false; error: string };

/** Downward API volumes hold metadata only: no IPs (validation refuses `status.*` there). */
const NO_IPS: PodRuntimeIPs = { podIPs: [], hostIPs: [] };

/**
 * The files of a configMap, secret, downwardAPI or projected volume (the kubelet's `MakePayload`
 * and `CollectData`: k8s `pkg/volume/configmap/configmap.go`, `pkg/volume/secret/secret.go`,
 * `pkg/volume/downwardapi/downwardapi.go`, `pkg/volume/projected/projected.go`). Without `items`
 * every key is a file named after it; with them only the listed keys, at their paths. A missing
 * object or key is an error unless `optional` (then the volume is empty, or the key left out).
 */
export function makeVolumePayload(pod: Pod, volume: Volume, config: ConfigLookup, node: NodeAllocatable): VolumePayloadResult {
  const ns = pod.metadata.namespace;
  const payload = new Map<string, FileProjection>();
  const { configMap, secret, downwardAPI, projected } = volume;
  const errors: string[] = [];
  const add = (result: string | undefined) => void (result !== undefined && errors.push(result));
  if (configMap) add(addObject(payload, config.configMap(ns, configMap.name), configMap, configMap.defaultMode, 'configmap'));
  if (secret) {
    const ref = { name: secret.secretName, ...(secret.items ? { items: secret.items } : {}), ...(secret.optional !== undefined ? { optional: secret.optional } : {}) };
    add(addObject(payload, config.secret(ns, secret.secretName), ref, secret.defaultMode, 'secret'));
  }
  if (downwardAPI) add(addDownward(payload, pod, downwardAPI.items, downwardAPI.defaultMode, node));
  for (const source of projected?.sources ?? []) {
    const mode = projected?.defaultMode ?? 0o644;
    if (source.configMap) add(addObject(payload, config.configMap(ns, source.configMap.name), source.configMap, mode, 'configmap'));
    if (source.secret) add(addObject(payload, config.secret(ns, source.secret.name), source.secret, mode, 'secret'));
    if (source.downwardAPI) add(addDownward(payload, pod, source.downwardAPI.items, mode, node));
    if (source.serviceAccountToken) add(addToken(payload, pod, source.serviceAccountToken, mode, config));
  }
  return errors.length > 0 ? { ok: false, error: errors.join(', ') } : { ok: true, payload };
}

/** kubelet `projected.go`: the token at its path with the volume's default mode; `failed to fetch token` otherwise. */
function addToken(payload: Map<string, FileProjection>, pod: Pod, projection: ServiceAccountTokenProjection, mode: number, config: ConfigLookup): string | undefined {
  const { namespace, name, uid } = pod.metadata;
  const issued = config.serviceAccountToken?.({ namespace, name, uid, serviceAccountName: pod.spec.serviceAccountName ?? 'default' }, projection)
    ?? { error: 'no API server issues service account tokens to this pod' };
  if ('error' in issued) return `failed to fetch token: ${issued.error}`;
  payload.set(projection.path, { data: Buffer.from(issued.token, 'utf8'), mode });
  return undefined;
}

function addObject(
  payload: Map<string, FileProjection>,
  object: ConfigObject | undefined,
  ref: ConfigMapProjection,
  defaultMode: number,
  resource: 'configmap' | 'secret',
): string | undefined {
  if (!object) return ref.optional === true ? undefined : notFound(resource, ref.name);
  const entries = configObjectEntries(object);
  if (!ref.items || ref.items.length === 0) {
    for (const [key, data] of entries) payload.set(key, { data, mode: defaultMode });
    return undefined;
  }
  for (const item of ref.items) {
    const data = entries.get(item.key);
    if (data === undefined) {
      if (ref.optional === true) continue;
      return `${resource === 'configmap' ? 'configmap references non-existent config key' : 'references non-existent secret key'}: ${item.key}`;
    }
    payload.set(item.path, { data, mode: item.mode ?? defaultMode });
  }
  return undefined;
}

function addDownward(payload: Map<string, FileProjection>, pod: Pod, items: readonly DownwardAPIVolumeFile[], defaultMode: number, node: NodeAllocatable): string | undefined {
  for (const item of items) {
    const mode = item.mode ?? defaultMode;
    if (item.fieldRef) {
      payload.set(item.path, { data: Buffer.from(resolveFieldPath(pod, item.fieldRef.fieldPath, NO_IPS), 'utf8'), mode });
      continue;
    }
    const ref = item.resourceFieldRef;
    if (!ref) continue;
    const container = [...pod.spec.initContainers, ...pod.spec.containers].find((c) => c.name === ref.containerName);
    if (!container) return `container "${ref.containerName ?? ''}" not found in pod ${pod.metadata.namespace}/${pod.metadata.name}`;
    payload.set(item.path, { data: Buffer.from(resolveResourceField(ref, container, node), 'utf8'), mode });
  }
  return undefined;
}

/** The volume types whose files are projected (written by the agent, mounted read-only). */
export function isProjectedVolume(volume: Volume): boolean {
  return volume.configMap !== undefined || volume.secret !== undefined || volume.downwardAPI !== undefined || volume.projected !== undefined;
}
