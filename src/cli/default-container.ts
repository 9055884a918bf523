/**
 * kubectl's choice of container when `-c` is not given (`kubectl/pkg/cmd/util/podcmd/podcmd.go`):
 * the `kubectl.kubernetes.io/default-container` annotation, else the first app container, saying
 * so on stderr when the pod has others.
 */
import type { ApiPod } from '../api/api-pod.js';
import type { Writer } from './cli-io.js';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export function pickDefaultContainer(pod: ApiPod, warn: Writer): string {
  const { containers, initContainers } = pod.spec;
  const annotated = pod.metadata.annotations[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && [...containers, ...initContainers].some((c) => c.name === annotated)) return annotated;
  const first = containers[0];
  if (first === undefined) {
    throw new Error(`pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`);
  }
  if (containers.length > 1 || initContainers.length > 0) {
    warn.write(`Defaulted container "${first.name}" out of: ${allContainerNames(pod)}\n`);
  }
  return first.name;
}

/** `a, b, setup (init)`, as kubectl lists them. */
export function allContainerNames(pod: ApiPod): string {
  return [...pod.spec.containers.map((c) => c.name), ...pod.spec.initContainers.map((c) => `${c.name} (init)`)].join(', ');
}
