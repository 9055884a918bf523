import { hashWrittenContainer, legacyContainerHash } from './container-hash.js';
import type { Pod } from './pod-types.js';
import { podKey } from './pod-types.js';
import { type QosClass, computeQosClass } from './qos-class.js';
import { type WrittenForm, writtenContainers, writtenForm } from './written-form.js';

/** What every step of a sync needs to know of the desired pod, derived once per sync. */
export interface PodFacts {
  /** `namespace/name`. */
  key: string;
  /** `name_namespace(uid)`, as the kubelet names a pod in messages (`format.Pod`). */
  ref: string;
  qosClass: QosClass;
  /** The hash of each init and app container's spec, by name (kubelet `HashContainer`). */
  specHashes: ReadonlyMap<string, string>;
  /**
   * The hash minikubelet 0.1 gave each container: a container started by that version with that hash
   * runs the same spec (adopted across the upgrade, not restarted).
   */
  legacySpecHashes: ReadonlyMap<string, string>;
}

/**
 * The written form a pod was made from, by pod object: the parser has it from the manifest
 * (few keys, cheap to prune) and the form is canonical (`writtenForm`), so the container hashes
 * need not prune the defaulted pod again, which costs a default-and-serialize of the whole pod per
 * key it holds (milliseconds per pod before its sandbox was created). Only the containers' forms
 * are read from it; the spec fields the source adds (`nodeName`) are no container's.
 */
const writtenForms = new WeakMap<Pod, WrittenForm>();

export function noteWrittenForm(pod: Pod, form: WrittenForm): void {
  writtenForms.set(pod, form);
}

/** By pod object: a desired pod is never changed in place (an edit is a new object), and each sync of it needs the same facts. */
const computed = new WeakMap<Pod, PodFacts>();

export function podFacts(pod: Pod): PodFacts {
  let facts = computed.get(pod);
  if (!facts) computed.set(pod, (facts = computeFacts(pod)));
  return facts;
}

function computeFacts(pod: Pod): PodFacts {
  const written = writtenContainers(writtenForms.get(pod) ?? writtenForm(pod));
  const all = [...pod.spec.initContainers, ...pod.spec.containers];
  return {
    key: podKey(pod),
    ref: `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
    qosClass: computeQosClass(pod),
    specHashes: new Map(all.map((c) => [c.name, hashWrittenContainer(written.get(c.name))])),
    legacySpecHashes: new Map(all.map((c) => [c.name, legacyContainerHash(c)])),
  };
}
