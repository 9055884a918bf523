import * as z from 'zod';
import { object, quantity, str } from './schema-primitives.js';

/** Pod volumes as written in a manifest: only the sources a static pod on one box can use. */

export const emptyDirVolumeSourceSchema = object({
  medium: z.enum(['', 'Memory']).optional(),
  sizeLimit: quantity.optional(),
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
});

export type VolumeManifest = z.output<typeof volumeSchema>;
