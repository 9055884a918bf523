import { hashWrittenContainer, legacyContainerHash } from './container-hash.js';
import type { Pod } from './pod-types.js';
import { podKey } from './pod-types.js';
import { type QosClass, computeQosClass } from './qos-class.js';
import { writtenContainers, writtenForm } from './written-form.js';

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

export function podFacts(pod: Pod): PodFacts {
  const written = writtenContainers(writtenForm(pod));
  const all = [...pod.spec.initContainers, ...pod.spec.containers];
  return {
    key: podKey(pod),
    ref: `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
    qosClass: computeQosClass(pod),
    specHashes: new Map(all.map((c) => [c.name, hashWrittenContainer(written.get(c.name))])),
    legacySpecHashes: new Map(all.map((c) => [c.name, legacyContainerHash(c)])),
  };
}
