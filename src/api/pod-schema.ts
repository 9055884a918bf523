import * as z from 'zod';
import { containerSchema, initContainerSchema, podResourceRequirementsSchema } from './container-schema.js';
import { bool, int, object, str, stringMap } from './schema-primitives.js';
import { hostAliasSchema, podDnsConfigSchema, podSecurityContextSchema } from './security-schema.js';
import { affinitySchema, nodeSelectorSchema, tolerationSchema } from './scheduling-schema.js';
import { volumeSchema } from './volume-schema.js';

/**
 * The v1 Pod subset minikubelet runs, as a manifest may write it (every defaulted field optional).
 * `defaults.ts` turns a `PodManifest` into the `Pod` of `pod-types.ts`; `decode-pod.ts` runs the
 * schema and turns unknown keys into warnings.
 */

export const objectMetaSchema = object({
  name: str.optional(),
  namespace: str.optional(),
  uid: str.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

export const podSpecSchema = object({
  containers: z.array(containerSchema).optional(),
  initContainers: z.array(initContainerSchema).optional(),
  volumes: z.array(volumeSchema).optional(),
  restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
  terminationGracePeriodSeconds: int.optional(),
  activeDeadlineSeconds: int.optional(),
  dnsPolicy: z.enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']).optional(),
  hostname: str.optional(),
  subdomain: str.optional(),
  setHostnameAsFQDN: bool.optional(),
  nodeName: str.optional(),
  hostNetwork: bool.optional(),
  hostPID: bool.optional(),
  hostIPC: bool.optional(),
  shareProcessNamespace: bool.optional(),
  enableServiceLinks: bool.optional(),
  securityContext: podSecurityContextSchema.optional(),
  hostAliases: z.array(hostAliasSchema).optional(),
  dnsConfig: podDnsConfigSchema.optional(),
  nodeSelector: nodeSelectorSchema.optional(),
  affinity: affinitySchema.optional(),
  tolerations: z.array(tolerationSchema).optional(),
  resources: podResourceRequirementsSchema.optional(),
  serviceAccountName: str.optional(),
  serviceAccount: str.optional(),
  imagePullSecrets: z.array(object({ name: str })).optional(),
  automountServiceAccountToken: bool.optional(),
  hostUsers: bool.optional(),
  runtimeClassName: str.optional(),
});

export const podManifestSchema = object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Pod'),
  metadata: objectMetaSchema.optional(),
  spec: podSpecSchema.optional(),
});

export type PodManifest = z.output<typeof podManifestSchema>;
export type PodSpecManifest = z.output<typeof podSpecSchema>;
