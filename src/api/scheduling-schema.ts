import * as z from 'zod';
import { object, str, stringList, stringMap } from './schema-primitives.js';

/**
 * Scheduling fields the node itself checks at admission (kubelet lifecycle/predicate.go): the
 * nodeSelector and required node affinity. Preferred terms, pod (anti-)affinity and tolerations
 * are read and shown, not enforced: one node has no choice to make.
 */
const nodeSelectorRequirementSchema = object({
  key: str,
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: stringList.optional(),
});

export const nodeSelectorTermSchema = object({
  matchExpressions: z.array(nodeSelectorRequirementSchema).optional(),
  matchFields: z.array(nodeSelectorRequirementSchema).optional(),
});

export const affinitySchema = object({
  nodeAffinity: object({
    requiredDuringSchedulingIgnoredDuringExecution: object({ nodeSelectorTerms: z.array(nodeSelectorTermSchema) }).optional(),
    preferredDuringSchedulingIgnoredDuringExecution: z.array(z.unknown()).optional(),
  }).optional(),
  podAffinity: z.unknown().optional(),
  podAntiAffinity: z.unknown().optional(),
});

export const tolerationSchema = object({
  key: str.optional(),
  operator: z.enum(['Exists', 'Equal', 'Lt', 'Gt']).optional(),
  value: str.optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.int().optional(),
});

export const nodeSelectorSchema = stringMap;
