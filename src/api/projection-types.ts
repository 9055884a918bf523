/**
 * The v1 types that reach API objects and the pod itself from inside a container: env sources
 * (`valueFrom`, `envFrom`) and the volume sources that project ConfigMaps, Secrets and the
 * downward API into files. Names and meanings are the Kubernetes API's, unchanged.
 */

/** `fieldRef`: a field of the pod (`metadata.name`, `metadata.labels['app']`, `status.podIP`, …). */
export interface ObjectFieldSelector {
  apiVersion: string;
  fieldPath: string;
}

/** `resourceFieldRef`: a container's request or limit, divided by `divisor` and rounded up. */
export interface ResourceFieldSelector {
  /** Required in volumes; in env it defaults to the container itself. */
  containerName?: string;
  resource: string;
  divisor?: string;
}

export interface KeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVarSource {
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  configMapKeyRef?: KeySelector;
  secretKeyRef?: KeySelector;
}

export interface ObjectRef {
  name: string;
  optional?: boolean;
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: ObjectRef;
  secretRef?: ObjectRef;
}

export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

export interface ConfigMapProjection {
  name: string;
  items?: KeyToPath[];
  optional?: boolean;
}

export interface ConfigMapVolumeSource extends ConfigMapProjection {
  defaultMode: number;
}

export interface SecretVolumeSource {
  secretName: string;
  items?: KeyToPath[];
  optional?: boolean;
  defaultMode: number;
}

export interface DownwardAPIVolumeFile {
  path: string;
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  mode?: number;
}

export interface DownwardAPIVolumeSource {
  items: DownwardAPIVolumeFile[];
  defaultMode: number;
}

/** A token of the pod's service account, bound to the pod, issued by the API server's TokenRequest. */
export interface ServiceAccountTokenProjection {
  /** The token's intended audience; the API server's own audiences when absent. */
  audience?: string;
  /** Requested lifetime (default 3600, at least 600); the kubelet refreshes it at 80 %. */
  expirationSeconds: number;
  path: string;
}

/** The API server's defaulted `expirationSeconds` (1 hour). */
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

export interface VolumeProjection {
  configMap?: ConfigMapProjection;
  secret?: ConfigMapProjection;
  downwardAPI?: { items: DownwardAPIVolumeFile[] };
  serviceAccountToken?: ServiceAccountTokenProjection;
}

export interface ProjectedVolumeSource {
  sources: VolumeProjection[];
  defaultMode: number;
}

/** The kubelet's default file mode for every projected volume type (`0644`). */
export const DEFAULT_PROJECTION_MODE = 0o644;
