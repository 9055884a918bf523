import type { ApiPod } from '../api/api-pod.js';
import type { Container } from '../api/pod-types.js';

/** What the read-only port shows instead of a value it must not give away. */
export const REDACTED = '<redacted>';

function redactContainer(c: Container): Container {
  return { ...c, env: c.env.map((e) => (e.value !== undefined ? { ...e, value: REDACTED } : e)) };
}

/**
 * A pod as the unauthenticated read-only port may show it (issue 17): env values (passwords and
 * tokens often sit there) and host paths (the host's layout) are replaced with `<redacted>`; the
 * authenticated API on the socket keeps them.
 */
export function redactPod(pod: ApiPod): ApiPod {
  return {
    ...pod,
    spec: {
      ...pod.spec,
      initContainers: pod.spec.initContainers.map(redactContainer),
      containers: pod.spec.containers.map(redactContainer),
      volumes: pod.spec.volumes.map((v) => (v.hostPath ? { ...v, hostPath: { ...v.hostPath, path: REDACTED } } : v)),
    },
  };
}
