import type { Container, Volume } from '../../api/pod-types.js';
import type { PrefixWriter } from './describe-writer.js';

/**
 * kubectl describe for the ConfigMap, Secret and downward API parts of a pod
 * (`printConfigMapVolumeSource`, `printSecretVolumeSource`, `printDownwardAPIVolumeSource`,
 * `printProjectedVolumeSource`, `describeContainerEnvVars`): references only, never a value of a Secret.
 */

/** The volume's lines, or false when it is no projected volume. */
export function describeProjectedVolume(w: PrefixWriter, v: Volume): boolean {
  const optional = (o: boolean | undefined) => String(o === true);
  if (v.configMap) {
    w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\t${optional(v.configMap.optional)}\n`);
  } else if (v.secret) {
    w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\t${optional(v.secret.optional)}\n`);
  } else if (v.downwardAPI) {
    w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of v.downwardAPI.items) w.write(3, `${item.fieldRef?.fieldPath ?? item.resourceFieldRef?.resource ?? ''} -> ${item.path}\n`);
  } else if (v.projected) {
    w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const s of v.projected.sources) {
      if (s.secret) w.write(2, `SecretName:\t${s.secret.name}\n    Optional:\t${optional(s.secret.optional)}\n`);
      if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
      if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name}\n    ConfigMapOptional:\t${optional(s.configMap.optional)}\n`);
    }
  } else {
    return false;
  }
  return true;
}

/** `Environment Variables from:` (envFrom), when the container has any. */
export function describeEnvFrom(w: PrefixWriter, c: Container): void {
  if (!c.envFrom || c.envFrom.length === 0) return;
  w.write(2, 'Environment Variables from:\n');
  for (const f of c.envFrom) {
    const ref = f.configMapRef ?? f.secretRef;
    if (!ref) continue;
    const kind = f.configMapRef ? 'ConfigMap' : 'Secret';
    const what = f.prefix ? `${kind} with prefix '${f.prefix}'` : kind;
    w.write(3, `${ref.name}\t${what}\tOptional: ${String(ref.optional === true)}\n`);
  }
}

/** One `env[]` entry with a `valueFrom`, as kubectl shows it (the source, not the value). */
export function describeEnvSource(w: PrefixWriter, e: Container['env'][number]): void {
  const from = e.valueFrom;
  if (!from) return;
  const optional = (o: boolean | undefined) => `\tOptional: ${String(o === true)}`;
  if (from.fieldRef) w.write(3, `${e.name}:\t (${from.fieldRef.apiVersion}:${from.fieldRef.fieldPath})\n`);
  else if (from.resourceFieldRef) w.write(3, `${e.name}:\t (${from.resourceFieldRef.resource})\n`);
  else if (from.secretKeyRef)
    w.write(3, `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>${optional(from.secretKeyRef.optional)}\n`);
  else if (from.configMapKeyRef)
    w.write(3, `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>${optional(from.configMapKeyRef.optional)}\n`);
}
