import * as z from 'zod';
import { bool, int, object, str, stringList } from './schema-primitives.js';

/** Pod and container `securityContext`, host namespaces and DNS, as written in a manifest. */

export const capabilitiesSchema = object({ add: stringList.optional(), drop: stringList.optional() });

/** `seccompProfile` and `appArmorProfile` (k8s `SeccompProfile`, `AppArmorProfile`): the same shape. */
export const securityProfileSchema = object({
  type: z.enum(['RuntimeDefault', 'Unconfined', 'Localhost']),
  localhostProfile: str.optional(),
});

export const securityContextSchema = object({
  runAsUser: int.optional(),
  runAsGroup: int.optional(),
  runAsNonRoot: bool.optional(),
  readOnlyRootFilesystem: bool.optional(),
  privileged: bool.optional(),
  allowPrivilegeEscalation: bool.optional(),
  capabilities: capabilitiesSchema.optional(),
  seccompProfile: securityProfileSchema.optional(),
  appArmorProfile: securityProfileSchema.optional(),
});

export const sysctlSchema = object({ name: str, value: str });

export const podSecurityContextSchema = object({
  runAsUser: int.optional(),
  runAsGroup: int.optional(),
  runAsNonRoot: bool.optional(),
  supplementalGroups: z.array(int).optional(),
  fsGroup: int.optional(),
  fsGroupChangePolicy: z.enum(['OnRootMismatch', 'Always']).optional(),
  sysctls: z.array(sysctlSchema).optional(),
  seccompProfile: securityProfileSchema.optional(),
  appArmorProfile: securityProfileSchema.optional(),
  supplementalGroupsPolicy: z.enum(['Merge', 'Strict']).optional(),
});

export const hostAliasSchema = object({ ip: str, hostnames: stringList.optional() });

export const podDnsConfigOptionSchema = object({ name: str.optional(), value: str.optional() });

export const podDnsConfigSchema = object({
  nameservers: stringList.optional(),
  searches: stringList.optional(),
  options: z.array(podDnsConfigOptionSchema).optional(),
});
