import type { ConfigLookup, ConfigMap, Secret } from './config-object-types.js';
import { type PodRuntimeIPs, resolveFieldPath } from './downward-field.js';
import { expandVars } from './expand-vars.js';
import type { Container, Pod } from './pod-types.js';
import { type NodeAllocatable, resolveResourceField } from './resource-field-ref.js';

export interface ContainerEnvInput {
  pod: Pod;
  container: Container;
  config: ConfigLookup;
  ips: PodRuntimeIPs;
  node: NodeAllocatable;
  /** The Service environment variables (`makeServiceEnv`): added under the container's own, and seen by `$(VAR)`. */
  serviceEnv?: ReadonlyMap<string, string>;
}

export type ContainerEnvResult = { ok: true; env: Map<string, string> } | { ok: false; error: string };

/**
 * A container's environment as the kubelet builds it (k8s `pkg/kubelet/kubelet_pods.go`
 * `makeEnvironmentVariables`): `envFrom` first, in order, each key with its prefix; then `env` in
 * order, overriding: a `value` has its `$(VAR)` references expanded against what is defined so
 * far, a `valueFrom` is resolved (and never expanded). A missing ConfigMap, Secret or key that is
 * not optional is the error the container waits on (`CreateContainerConfigError`), in the
 * kubelet's words. The Service variables come last, each only where the container defines no
 * variable of that name, and `$(VAR)` finds them too (`expansion.MappingFuncFor(tmpEnv, serviceEnv)`).
 * Pure: the lookups are in-memory.
 */
export function makeContainerEnv(input: ContainerEnvInput): ContainerEnvResult {
  const { pod, container, config } = input;
  const ns = pod.metadata.namespace;
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const object = source.configMapRef ? config.configMap(ns, ref.name) : config.secret(ns, ref.name);
    if (!object) {
      if (ref.optional === true) continue;
      return { ok: false, error: notFound(source.configMapRef ? 'configmap' : 'secret', ref.name) };
    }
    for (const [key, value] of dataEntries(object)) env.set(`${source.prefix ?? ''}${key}`, value);
  }
  for (const e of container.env) {
    if (e.value !== undefined && e.value !== '') {
      env.set(e.name, expandVars(e.value, (name) => env.get(name) ?? input.serviceEnv?.get(name)));
      continue;
    }
    const resolved = e.valueFrom ? resolveSource(input, e.valueFrom) : { value: '' };
    if ('error' in resolved) return { ok: false, error: resolved.error };
    if (resolved.value !== undefined) env.set(e.name, resolved.value);
  }
  for (const [name, value] of input.serviceEnv ?? []) if (!env.has(name)) env.set(name, value);
  return { ok: true, env };
}

/** The configmap/secret managers' NotFound (k8s `pkg/kubelet/configmap`, `pkg/kubelet/secret`: resource "configmap"/"secret"). */
export function notFound(resource: 'configmap' | 'secret', name: string): string {
  return `${resource} "${name}" not found`;
}

type Resolved = { value?: string } | { error: string };

function resolveSource(input: ContainerEnvInput, from: NonNullable<Container['env'][number]['valueFrom']>): Resolved {
  const { pod, container } = input;
  if (from.fieldRef) return { value: resolveFieldPath(pod, from.fieldRef.fieldPath, input.ips) };
  if (from.resourceFieldRef) {
    const name = from.resourceFieldRef.containerName;
    const target = name ? [...pod.spec.initContainers, ...pod.spec.containers].find((c) => c.name === name) : container;
    if (!target) return { error: `container "${name}" referenced by resourceFieldRef not found in pod ${pod.metadata.namespace}/${pod.metadata.name}` };
    return { value: resolveResourceField(from.resourceFieldRef, target, input.node) };
  }
  const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
  if (!keyRef) return { value: '' };
  const kind = from.configMapKeyRef ? 'ConfigMap' : 'Secret';
  const ns = pod.metadata.namespace;
  const object = kind === 'ConfigMap' ? input.config.configMap(ns, keyRef.name) : input.config.secret(ns, keyRef.name);
  const optional = keyRef.optional === true;
  if (!object) return optional ? {} : { error: notFound(kind === 'ConfigMap' ? 'configmap' : 'secret', keyRef.name) };
  const value = object.kind === 'ConfigMap' ? object.data[keyRef.key] : object.data[keyRef.key]?.toString('utf8');
  if (value === undefined) return optional ? {} : { error: `couldn't find key ${keyRef.key} in ${kind} ${ns}/${keyRef.name}` };
  return { value };
}

/** What envFrom reads: a ConfigMap's `data` (not binaryData, as the kubelet), a Secret's `data` as text. */
function dataEntries(object: ConfigMap | Secret): Array<[string, string]> {
  if (object.kind === 'ConfigMap') return Object.entries(object.data);
  return Object.entries(object.data).map(([k, v]) => [k, v.toString('utf8')]);
}
