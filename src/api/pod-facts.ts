import { hashContainer } from './container-hash.js';
import type { Pod } from './pod-types.js';
import { podKey } from './pod-types.js';
import { type QosClass, computeQosClass } from './qos-class.js';

/** What every step of a sync needs to know of the desired pod, derived once per sync. */
export interface PodFacts {
  /** `namespace/name`. */
  key: string;
  /** `name_namespace(uid)`, as the kubelet names a pod in messages (`format.Pod`). */
  ref: string;
  qosClass: QosClass;
  /** The hash of each init and app container's spec, by name (kubelet `HashContainer`). */
  specHashes: ReadonlyMap<string, string>;
}

export function podFacts(pod: Pod): PodFacts {
  return {
    key: podKey(pod),
    ref: `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
    qosClass: computeQosClass(pod),
    specHashes: new Map([...pod.spec.initContainers, ...pod.spec.containers].map((c) => [c.name, hashContainer(c)])),
  };
}
