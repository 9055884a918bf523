import type { ContainerManifest } from './container-schema.js';
import type { EnvVar, Volume } from './pod-types.js';
import {
  type ConfigMapProjection,
  DEFAULT_TOKEN_EXPIRATION_SECONDS,
  DEFAULT_PROJECTION_MODE,
  type DownwardAPIVolumeFile,
  type EnvFromSource,
  type KeyToPath,
  type ObjectFieldSelector,
  type ResourceFieldSelector,
  type VolumeProjection,
} from './projection-types.js';
import type { DownwardAPIVolumeFileManifest, EnvVarSourceManifest } from './projection-schema.js';
import type { VolumeManifest } from './volume-schema.js';

/**
 * The API server's defaults for env sources and projected volume sources (k8s
 * `pkg/apis/core/v1/defaults.go`: `SetDefaults_ObjectFieldSelector` apiVersion v1,
 * `SetDefaults_ConfigMapVolumeSource`/`Secret…`/`DownwardAPI…`/`Projected…` defaultMode 0644).
 * Unset optional fields stay absent so JSON output and hashes stay clean.
 */

type Manifest<T> = { [K in keyof T]?: T[K] | undefined };

function clean<T extends object>(value: Manifest<T>): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value as T;
}

function fieldRef(f: { apiVersion?: string | undefined; fieldPath: string }): ObjectFieldSelector {
  return { apiVersion: f.apiVersion ?? 'v1', fieldPath: f.fieldPath };
}

function resourceFieldRef(r: { containerName?: string | undefined; resource: string; divisor?: string | undefined }): ResourceFieldSelector {
  return clean<ResourceFieldSelector>({ containerName: r.containerName, resource: r.resource, divisor: r.divisor });
}

function valueFrom(v: EnvVarSourceManifest): NonNullable<EnvVar['valueFrom']> {
  const keyRef = (k: { name?: string | undefined; key: string; optional?: boolean | undefined }) =>
    clean({ name: k.name ?? '', key: k.key, optional: k.optional });
  return clean({
    fieldRef: v.fieldRef && fieldRef(v.fieldRef),
    resourceFieldRef: v.resourceFieldRef && resourceFieldRef(v.resourceFieldRef),
    configMapKeyRef: v.configMapKeyRef && keyRef(v.configMapKeyRef),
    secretKeyRef: v.secretKeyRef && keyRef(v.secretKeyRef),
  });
}

export function defaultEnvVar(e: NonNullable<ContainerManifest['env']>[number]): EnvVar {
  return clean<EnvVar>({ name: e.name, value: e.value, valueFrom: e.valueFrom && valueFrom(e.valueFrom) });
}

export function defaultEnvFrom(sources: ContainerManifest['envFrom']): EnvFromSource[] | undefined {
  const ref = (r: { name?: string | undefined; optional?: boolean | undefined }) => clean({ name: r.name ?? '', optional: r.optional });
  return sources?.map((s) =>
    clean<EnvFromSource>({ prefix: s.prefix, configMapRef: s.configMapRef && ref(s.configMapRef), secretRef: s.secretRef && ref(s.secretRef) }),
  );
}

type ItemsManifest = Array<{ key: string; path: string; mode?: number | undefined }>;

function keyItems(items: ItemsManifest | undefined): KeyToPath[] | undefined {
  return items?.map((i) => clean<KeyToPath>({ key: i.key, path: i.path, mode: i.mode }));
}

function downwardFiles(items: DownwardAPIVolumeFileManifest[] | undefined): DownwardAPIVolumeFile[] {
  return (items ?? []).map((i) =>
    clean<DownwardAPIVolumeFile>({
      path: i.path,
      fieldRef: i.fieldRef && fieldRef(i.fieldRef),
      resourceFieldRef: i.resourceFieldRef && resourceFieldRef(i.resourceFieldRef),
      mode: i.mode,
    }),
  );
}

function projection(p: { name?: string | undefined; items?: ItemsManifest | undefined; optional?: boolean | undefined }): ConfigMapProjection {
  return clean<ConfigMapProjection>({ name: p.name ?? '', items: keyItems(p.items), optional: p.optional });
}

/** The projected sources of a volume, defaulted; an empty object for a volume with none. */
export function defaultProjectedSources(v: VolumeManifest): Pick<Volume, 'configMap' | 'secret' | 'downwardAPI' | 'projected'> {
  const mode = (m: number | undefined) => m ?? DEFAULT_PROJECTION_MODE;
  return clean({
    configMap: v.configMap && { ...projection(v.configMap), defaultMode: mode(v.configMap.defaultMode) },
    secret: v.secret && {
      ...clean({ secretName: v.secret.secretName ?? '', items: keyItems(v.secret.items), optional: v.secret.optional }),
      defaultMode: mode(v.secret.defaultMode),
    },
    downwardAPI: v.downwardAPI && { items: downwardFiles(v.downwardAPI.items), defaultMode: mode(v.downwardAPI.defaultMode) },
    projected: v.projected && {
      sources: (v.projected.sources ?? []).map((s) =>
        clean<VolumeProjection>({
          configMap: s.configMap && projection(s.configMap),
          secret: s.secret && projection(s.secret),
          downwardAPI: s.downwardAPI && { items: downwardFiles(s.downwardAPI.items) },
          serviceAccountToken: s.serviceAccountToken && clean({
            audience: s.serviceAccountToken.audience, expirationSeconds: s.serviceAccountToken.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS, path: s.serviceAccountToken.path,
          }),
        }),
      ),
      defaultMode: mode(v.projected.defaultMode),
    },
  });
}

/** True when the volume has one of the projected sources (it is then no emptyDir by default). */
export function hasProjectedSource(v: VolumeManifest): boolean {
  return v.configMap !== undefined || v.secret !== undefined || v.downwardAPI !== undefined || v.projected !== undefined;
}
