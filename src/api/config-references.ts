import { configObjectKey } from './config-object-types.js';
import type { Pod } from './pod-types.js';

/**
 * The ConfigMaps and Secrets a pod uses (`configObjectKey`s), through env, envFrom and volumes:
 * when one of them changes the pod is synced again (a waiting container may start, volume files follow).
 */
export function podConfigReferences(pod: Pod): Set<string> {
  const ns = pod.metadata.namespace;
  const keys = new Set<string>();
  const configMap = (name: string) => keys.add(configObjectKey('ConfigMap', ns, name));
  const secret = (name: string) => keys.add(configObjectKey('Secret', ns, name));
  for (const c of [...pod.spec.initContainers, ...pod.spec.containers]) {
    for (const e of c.env) {
      if (e.valueFrom?.configMapKeyRef) configMap(e.valueFrom.configMapKeyRef.name);
      if (e.valueFrom?.secretKeyRef) secret(e.valueFrom.secretKeyRef.name);
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef) configMap(f.configMapRef.name);
      if (f.secretRef) secret(f.secretRef.name);
    }
  }
  for (const v of pod.spec.volumes) {
    if (v.configMap) configMap(v.configMap.name);
    if (v.secret) secret(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap) configMap(s.configMap.name);
      if (s.secret) secret(s.secret.name);
    }
  }
  return keys;
}
