import * as z from 'zod';
import { lifecycleSchema, probeSchema } from './probe-schema.js';
import { envFromSourceSchema, envVarSourceSchema } from './projection-schema.js';
import { bool, int32, object, resourceList, str, stringList } from './schema-primitives.js';
import { securityContextSchema } from './security-schema.js';

/** A container (`core/v1` `Container`) as written in a manifest, before defaults. */

export const envVarSchema = object({ name: str, value: str.optional(), valueFrom: envVarSourceSchema.optional() });

export const containerPortSchema = object({
  name: str.optional(),
  containerPort: int32,
  hostPort: int32.optional(),
  hostIP: str.optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
});

export const volumeMountSchema = object({
  name: str,
  mountPath: str,
  readOnly: bool.optional(),
  subPath: str.optional(),
  subPathExpr: str.optional(),
  mountPropagation: z.enum(['None', 'HostToContainer', 'Bidirectional']).optional(),
});

export const resourceRequirementsSchema = object({
  limits: resourceList.optional(),
  requests: resourceList.optional(),
});

/** `spec.resources`: the same shape as a separate schema, so its unsupported-field notes can differ (`claims`). */
export const podResourceRequirementsSchema = object({
  limits: resourceList.optional(),
  requests: resourceList.optional(),
});

const containerShape = {
  name: str,
  image: str.optional(),
  command: stringList.optional(),
  args: stringList.optional(),
  workingDir: str.optional(),
  env: z.array(envVarSchema).optional(),
  envFrom: z.array(envFromSourceSchema).optional(),
  ports: z.array(containerPortSchema).optional(),
  volumeMounts: z.array(volumeMountSchema).optional(),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  terminationMessagePath: str.optional(),
  terminationMessagePolicy: z.enum(['File', 'FallbackToLogsOnError']).optional(),
  resources: resourceRequirementsSchema.optional(),
  livenessProbe: probeSchema.optional(),
  readinessProbe: probeSchema.optional(),
  startupProbe: probeSchema.optional(),
  lifecycle: lifecycleSchema.optional(),
  securityContext: securityContextSchema.optional(),
  stdin: bool.optional(),
  stdinOnce: bool.optional(),
  tty: bool.optional(),
};

export const containerSchema = object(containerShape);
/** An init container; `restartPolicy: Always` makes it a sidecar (the only value the API server accepts here). */
export const initContainerSchema = object({ ...containerShape, restartPolicy: z.enum(['Always']).optional() });

export type ContainerManifest = z.output<typeof containerSchema> & { restartPolicy?: 'Always' | undefined };
