/**
 * Docker container names, as cri-dockerd makes them (`core/naming.go`):
 * `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`, `k8s_POD_...` for the sandbox. The names are
 * deterministic, so creating the same container twice fails in Docker instead of making a twin.
 */
import { SANDBOX_CONTAINER_NAME } from './labels.js';

const PREFIX = 'k8s';

export interface ParsedContainerName {
  containerName: string;
  podName: string;
  podNamespace: string;
  podUid: string;
  attempt: number;
}

export function makeContainerName(
  containerName: string,
  pod: { name: string; namespace: string; uid: string },
  attempt: number,
): string {
  return [PREFIX, containerName, pod.name, pod.namespace, pod.uid, String(attempt)].join('_');
}

export function makeSandboxName(pod: { name: string; namespace: string; uid: string }, attempt: number): string {
  return makeContainerName(SANDBOX_CONTAINER_NAME, pod, attempt);
}

/** undefined for a name that is not ours. Kubernetes names hold no `_`, so splitting is safe. */
export function parseContainerName(dockerName: string): ParsedContainerName | undefined {
  const parts = dockerName.replace(/^\//, '').split('_');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [, containerName, podName, podNamespace, podUid, attemptText] = parts as [string, string, string, string, string, string];
  const attempt = Number(attemptText);
  if (!Number.isInteger(attempt) || attempt < 0) return undefined;
  return { containerName, podName, podNamespace, podUid, attempt };
}
