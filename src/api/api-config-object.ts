import type { ConfigObject } from './config-object-types.js';
import { toRfc3339 } from './rfc3339.js';

/** A ConfigMap or Secret in the Kubernetes REST shape (bytes base64, as the API server sends them). */
export interface ApiConfigObject {
  apiVersion: 'v1';
  kind: 'ConfigMap' | 'Secret';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  /** Secret only. */
  type?: string;
  /** ConfigMap: text values; Secret: base64. */
  data?: Record<string, string>;
  /** ConfigMap only: base64. */
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

export type ConfigResource = 'configmaps' | 'secrets';

export function toApiConfigObject(object: ConfigObject, createdMs: number): ApiConfigObject {
  const { name, namespace, labels, annotations } = object.metadata;
  const api: ApiConfigObject = {
    apiVersion: 'v1',
    kind: object.kind,
    metadata: {
      name, namespace, creationTimestamp: toRfc3339(createdMs),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    ...(object.immutable !== undefined ? { immutable: object.immutable } : {}),
  };
  const base64 = (map: Record<string, Buffer>) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.toString('base64')]));
  if (object.kind === 'Secret') {
    api.type = object.type;
    if (Object.keys(object.data).length > 0) api.data = base64(object.data);
  } else {
    if (Object.keys(object.data).length > 0) api.data = object.data;
    if (Object.keys(object.binaryData).length > 0) api.binaryData = base64(object.binaryData);
  }
  return api;
}

/** `configmaps "x" not found` / `secrets "x" not found`: the API server's NotFound. */
export function configObjectNotFound(resource: ConfigResource, name: string): string {
  return `${resource} "${name}" not found`;
}
