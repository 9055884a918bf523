/**
 * ConfigMaps and Secrets as the manifest directory gives them (v1, after the API server's
 * conversion: a Secret's `stringData` merged into `data`, every value as bytes). Namespaced like pods.
 */
import type { ServiceAccountTokenProjection } from './projection-types.js';

export interface ConfigObjectMeta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ConfigObjectMeta;
  data: Record<string, string>;
  binaryData: Record<string, Buffer>;
  immutable?: boolean;
}

export interface Secret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ConfigObjectMeta;
  /** Default `Opaque`. */
  type: string;
  data: Record<string, Buffer>;
  immutable?: boolean;
}

export type ConfigObject = ConfigMap | Secret;

/** How the agent reads the directory's ConfigMaps and Secrets (the kubelet's configMap/secret managers). */
export interface ConfigLookup {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
  /**
   * A token of the pod's service account for a `serviceAccountToken` projection (node mode: the
   * API server's TokenRequest), or why there is none yet. Absent: no API server issues tokens.
   */
  serviceAccountToken?(pod: TokenPod, projection: ServiceAccountTokenProjection): { token: string } | { error: string };
}

/** What a token is bound to: the pod object in the API server. */
export interface TokenPod {
  namespace: string;
  name: string;
  uid: string;
  serviceAccountName: string;
}

/** `configmap/<ns>/<name>` or `secret/<ns>/<name>`: how a change names the object it touched. */
export function configObjectKey(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): string {
  return `${kind === 'ConfigMap' ? 'configmap' : 'secret'}/${namespace}/${name}`;
}

/** A ConfigMap's or Secret's keys and their bytes. */
export function configObjectEntries(object: ConfigObject): Map<string, Buffer> {
  if (object.kind === 'Secret') return new Map(Object.entries(object.data));
  const entries = new Map<string, Buffer>(Object.entries(object.data).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
  for (const [k, v] of Object.entries(object.binaryData)) entries.set(k, v);
  return entries;
}
