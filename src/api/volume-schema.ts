import * as z from 'zod';
import {
  configMapVolumeSourceSchema,
  downwardAPIVolumeSourceSchema,
  projectedVolumeSourceSchema,
  secretVolumeSourceSchema,
} from './projection-schema.js';
import { int, object, quantity, str } from './schema-primitives.js';

/** Pod volumes as written in a manifest: only the sources a static pod on one box can use (ConfigMaps and Secrets come from the manifest directory). */

export const emptyDirVolumeSourceSchema = object({
  medium: z.enum(['', 'Memory']).optional(),
  sizeLimit: quantity.optional(),
  /** KEP-5502 (alpha in 1.37): the directory's permission bits, 0000–01777. */
  mode: int.optional(),
});

export const hostPathTypes = [
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
] as const;

export const hostPathVolumeSourceSchema = object({
  path: str,
  type: z.enum(hostPathTypes).optional(),
});

export const volumeSchema = object({
  name: str,
  emptyDir: emptyDirVolumeSourceSchema.optional(),
  hostPath: hostPathVolumeSourceSchema.optional(),
  configMap: configMapVolumeSourceSchema.optional(),
  secret: secretVolumeSourceSchema.optional(),
  downwardAPI: downwardAPIVolumeSourceSchema.optional(),
  projected: projectedVolumeSourceSchema.optional(),
});

export type VolumeManifest = z.output<typeof volumeSchema>;
