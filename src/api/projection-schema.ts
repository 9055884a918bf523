import * as z from 'zod';
import { bool, int32, object, quantity, str } from './schema-primitives.js';

/** The env sources and projected volume sources as a manifest writes them (`projection-types.ts`). */

export const objectFieldSelectorSchema = object({ apiVersion: str.optional(), fieldPath: str });
export const resourceFieldSelectorSchema = object({ containerName: str.optional(), resource: str, divisor: quantity.optional() });
const keySelectorSchema = object({ name: str.optional(), key: str, optional: bool.optional() });
const objectRefSchema = object({ name: str.optional(), optional: bool.optional() });

export const envVarSourceSchema = object({
  fieldRef: objectFieldSelectorSchema.optional(),
  resourceFieldRef: resourceFieldSelectorSchema.optional(),
  configMapKeyRef: keySelectorSchema.optional(),
  secretKeyRef: keySelectorSchema.optional(),
});

export const envFromSourceSchema = object({
  prefix: str.optional(),
  configMapRef: objectRefSchema.optional(),
  secretRef: objectRefSchema.optional(),
});

const keyToPathSchema = object({ key: str, path: str, mode: int32.optional() });
const items = z.array(keyToPathSchema).optional();

export const downwardAPIVolumeFileSchema = object({
  path: str,
  fieldRef: objectFieldSelectorSchema.optional(),
  resourceFieldRef: resourceFieldSelectorSchema.optional(),
  mode: int32.optional(),
});
const downwardItems = z.array(downwardAPIVolumeFileSchema).optional();

export const configMapVolumeSourceSchema = object({ name: str.optional(), items, defaultMode: int32.optional(), optional: bool.optional() });
export const secretVolumeSourceSchema = object({ secretName: str.optional(), items, defaultMode: int32.optional(), optional: bool.optional() });
export const downwardAPIVolumeSourceSchema = object({ items: downwardItems, defaultMode: int32.optional() });

const projectionSchema = object({ name: str.optional(), items, optional: bool.optional() });
export const volumeProjectionSchema = object({
  configMap: projectionSchema.optional(),
  secret: projectionSchema.optional(),
  downwardAPI: object({ items: downwardItems }).optional(),
  // Issued by the API server (TokenRequest): only pods from a cluster get one (node mode).
  serviceAccountToken: object({ audience: str.optional(), expirationSeconds: z.int().optional(), path: str }).optional(),
});
export const projectedVolumeSourceSchema = object({ sources: z.array(volumeProjectionSchema).optional(), defaultMode: int32.optional() });

export type EnvVarSourceManifest = z.output<typeof envVarSourceSchema>;
export type EnvFromSourceManifest = z.output<typeof envFromSourceSchema>;
export type DownwardAPIVolumeFileManifest = z.output<typeof downwardAPIVolumeFileSchema>;
