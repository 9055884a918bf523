import { fieldError, type FieldProblem } from './field-path.js';
import type { Pod } from './pod-types.js';

/**
 * What only a pod of a cluster can have, refused for a pod of the manifest directory: a service
 * account token is issued by the API server (TokenRequest) and bound to the pod object there; a
 * static pod has no API object (the kubelet's NodeRestriction refuses its mirror any service
 * account as well).
 */
export function validateStaticPod(pod: Pod): FieldProblem[] {
  return pod.spec.volumes.flatMap((volume, i) =>
    (volume.projected?.sources ?? []).flatMap((source, j) =>
      source.serviceAccountToken
        ? [fieldError(`spec.volumes[${i}].projected.sources[${j}].serviceAccountToken`, 'Forbidden: a static pod cannot have a service account token: the API server issues one (TokenRequest) only to a pod of a cluster; use a secret source, or run the pod from the cluster (node mode, --kubeconfig)')]
        : [],
    ),
  );
}
