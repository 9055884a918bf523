import path from 'node:path';
import type { Container, Pod, SecurityProfile } from '../api/pod-types.js';

/**
 * Seccomp and AppArmor profiles as the kubelet picks them and cri-dockerd hands them to Docker.
 * The container's field wins over the pod's (k8s `DetermineEffectiveSecurityContext`); for AppArmor
 * the deprecated `container.apparmor.security.beta.kubernetes.io/<container>` annotation comes last
 * (k8s `pkg/security/apparmor` `GetProfile`). A `Localhost` seccomp profile is a JSON file under
 * `<root-dir>/seccomp/` (the kubelet's `<root-dir>/seccomp`), whose content Docker takes in
 * `SecurityOpt` `seccomp=<json>` (as `docker run --security-opt seccomp=FILE` sends it); a
 * `Localhost` AppArmor profile is the name of a profile loaded on the host.
 */

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export function effectiveSeccompProfile(pod: Pod, container: Container): SecurityProfile | undefined {
  return container.securityContext?.seccompProfile ?? pod.spec.securityContext?.seccompProfile;
}

export function effectiveAppArmorProfile(pod: Pod, container: Container): SecurityProfile | undefined {
  const field = container.securityContext?.appArmorProfile ?? pod.spec.securityContext?.appArmorProfile;
  if (field) return field;
  const annotation = pod.metadata.annotations?.[APPARMOR_ANNOTATION_PREFIX + container.name];
  if (annotation === undefined) return undefined;
  if (annotation === 'runtime/default') return { type: 'RuntimeDefault' };
  if (annotation === 'unconfined') return { type: 'Unconfined' };
  if (annotation.startsWith('localhost/')) return { type: 'Localhost', localhostProfile: annotation.slice('localhost/'.length) };
  return undefined;
}

/** Where a `Localhost` seccomp profile is read from, or undefined when the container has none. */
export function localhostSeccompPath(rootDir: string, pod: Pod, container: Container): string | undefined {
  const profile = effectiveSeccompProfile(pod, container);
  if (profile?.type !== 'Localhost' || profile.localhostProfile === undefined) return undefined;
  return path.join(rootDir, 'seccomp', profile.localhostProfile);
}

/**
 * The `SecurityOpt` entries (cri-dockerd `getSeccompSecurityOpts`, `getAppArmorOpts`):
 * `Unconfined` → `seccomp=unconfined` / `apparmor=unconfined`; `RuntimeDefault` → the engine's
 * default profile (no option); `Localhost` → `seccomp=<the profile's JSON>` / `apparmor=<name>`.
 * An unset profile leaves the engine's defaults.
 */
export function profileSecurityOpts(pod: Pod, container: Container, seccompJson: string | undefined): string[] {
  const opts: string[] = [];
  const seccomp = effectiveSeccompProfile(pod, container);
  if (seccomp?.type === 'Unconfined') opts.push('seccomp=unconfined');
  else if (seccomp?.type === 'Localhost' && seccompJson !== undefined) opts.push(`seccomp=${seccompJson}`);
  const apparmor = effectiveAppArmorProfile(pod, container);
  if (apparmor?.type === 'Unconfined') opts.push('apparmor=unconfined');
  else if (apparmor?.type === 'Localhost' && apparmor.localhostProfile) opts.push(`apparmor=${apparmor.localhostProfile}`);
  return opts;
}
