import type { Container, Pod } from '../api/pod-types.js';
import type { SecurityOptions } from '../runtime/types.js';
import { effectiveSecurityContext, imageUserName } from './effective-security-context.js';
import { profileSecurityOpts } from './security-profiles.js';

/**
 * The container's security settings as Docker takes them (cri-dockerd `core/security_context.go`
 * `modifyContainerConfig` / `modifyHostConfig`): `User` = `runAsUser[:runAsGroup]` (with only
 * runAsGroup, the image's user with that group, as containerd does), the pod's fsGroup then its
 * supplementalGroups as `GroupAdd` (kubelet `determineEffectiveSecurityContext`,
 * pkg/kubelet/kuberuntime/security_context.go: fsGroup first), `Privileged`, `ReadonlyRootfs`,
 * capabilities as `CapAdd`/`CapDrop`, and `no-new-privileges` when allowPrivilegeEscalation is
 * false (k8s `AddNoNewPrivileges`), then the seccomp and AppArmor profiles (`security-profiles.ts`;
 * `seccompJson` is the content of a `Localhost` seccomp profile, read by the executor).
 */
export function makeSecurityOptions(
  pod: Pod,
  container: Container,
  imageUser: string | undefined,
  seccompJson?: string,
): SecurityOptions {
  const sc = effectiveSecurityContext(pod, container);
  const options: SecurityOptions = {};
  if (sc.runAsUser !== undefined) {
    options.user = sc.runAsGroup !== undefined ? `${sc.runAsUser}:${sc.runAsGroup}` : String(sc.runAsUser);
  } else if (sc.runAsGroup !== undefined) {
    options.user = `${imageUserName(imageUser) || '0'}:${sc.runAsGroup}`;
  }
  const podSc = pod.spec.securityContext;
  const groups = [...(podSc?.fsGroup !== undefined ? [podSc.fsGroup] : []), ...(podSc?.supplementalGroups ?? [])];
  if (groups.length > 0) options.groupAdd = groups.map(String);
  if (sc.privileged) options.privileged = true;
  if (sc.readOnlyRootFilesystem) options.readonlyRootfs = true;
  if (sc.capabilities?.add?.length) options.capAdd = [...sc.capabilities.add];
  if (sc.capabilities?.drop?.length) options.capDrop = [...sc.capabilities.drop];
  const securityOpt = [
    ...(sc.allowPrivilegeEscalation === false ? ['no-new-privileges'] : []),
    ...profileSecurityOpts(pod, container, seccompJson),
  ];
  if (securityOpt.length > 0) options.securityOpt = securityOpt;
  return options;
}

/**
 * kubelet `verifyRunAsNonRoot` (pkg/kubelet/kuberuntime/security_context_others.go): with
 * runAsNonRoot, the container must not run as uid 0, whether from runAsUser or from the image's
 * USER; a non-numeric image user cannot be verified. Returns the kubelet's error text, or undefined.
 */
export function verifyRunAsNonRoot(pod: Pod, container: Container, imageUser: string | undefined): string | undefined {
  const sc = effectiveSecurityContext(pod, container);
  if (sc.runAsNonRoot !== true) return undefined;
  const where = `(pod: "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})", container: ${container.name})`;
  if (sc.runAsUser !== undefined) {
    return sc.runAsUser === 0 ? `container's runAsUser breaks non-root policy ${where}` : undefined;
  }
  const user = imageUserName(imageUser);
  if (user === '' || /^0+$/.test(user)) {
    return `container has runAsNonRoot and image will run as root ${where}; set securityContext.runAsUser to a non-zero uid or use an image with a non-root USER`;
  }
  if (!/^[0-9]+$/.test(user)) {
    return `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root ${where}; set securityContext.runAsUser`;
  }
  return undefined;
}
