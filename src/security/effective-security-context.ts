import type { Container, Pod, SecurityContext } from '../api/pod-types.js';

/**
 * k8s `pkg/securitycontext/util.go` `DetermineEffectiveSecurityContext`: the container's
 * securityContext, with runAsUser, runAsGroup and runAsNonRoot taken from the pod's when the
 * container does not set them.
 */
export function effectiveSecurityContext(pod: Pod, container: Container): SecurityContext {
  const podSc = pod.spec.securityContext ?? {};
  const sc: SecurityContext = { ...container.securityContext };
  if (sc.runAsUser === undefined && podSc.runAsUser !== undefined) sc.runAsUser = podSc.runAsUser;
  if (sc.runAsGroup === undefined && podSc.runAsGroup !== undefined) sc.runAsGroup = podSc.runAsGroup;
  if (sc.runAsNonRoot === undefined && podSc.runAsNonRoot !== undefined) sc.runAsNonRoot = podSc.runAsNonRoot;
  return sc;
}

/** The user part of an image's USER (`1000:1000` → `1000`, `nobody` → `nobody`, empty = root). */
export function imageUserName(imageUser: string | undefined): string {
  return (imageUser ?? '').split(':')[0] ?? '';
}

/** Whether the pod needs the image's USER to build its container config. */
export function needsImageUser(pod: Pod, container: Container): boolean {
  const sc = effectiveSecurityContext(pod, container);
  return sc.runAsNonRoot === true || (sc.runAsUser === undefined && sc.runAsGroup !== undefined);
}
