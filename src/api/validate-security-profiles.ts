import { childPath, fieldError, fieldWarning, type FieldProblem } from './field-path.js';
import type { Pod, SecurityProfile } from './pod-types.js';
import { invalid } from './validate-metadata.js';

/**
 * `seccompProfile`, `appArmorProfile` and their deprecated annotations (k8s
 * `pkg/apis/core/validation/validation.go` `validateSeccompProfileField`,
 * `validateAppArmorProfileField`, `ValidateAppArmorProfileFormat`; the seccomp annotation warning
 * of `pkg/api/pod/warnings.go`).
 */

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const MAX_APPARMOR_PROFILE_LENGTH = 4095;

function profileProblems(profile: SecurityProfile | undefined, at: string, what: 'seccomp' | 'AppArmor'): FieldProblem[] {
  if (!profile) return [];
  const local = profile.localhostProfile;
  if (profile.type !== 'Localhost')
    return local === undefined ? [] : [invalid(`${at}.localhostProfile`, local, `can only be set when ${what} type is Localhost`)];
  if (local === undefined || local === '')
    return [fieldError(`${at}.localhostProfile`, `required: must be set when ${what} type is Localhost`)];
  if (what === 'seccomp') {
    // validateLocalDescendingPath: a path under the kubelet's seccomp directory.
    if (local.startsWith('/')) return [invalid(`${at}.localhostProfile`, local, 'must be a relative path')];
    if (local.split('/').includes('..')) return [invalid(`${at}.localhostProfile`, local, "must not contain '..'")];
  } else if (local.length > MAX_APPARMOR_PROFILE_LENGTH || local.trim() !== local) {
    return [invalid(`${at}.localhostProfile`, local, `must be at most ${MAX_APPARMOR_PROFILE_LENGTH} characters, without leading or trailing whitespace`)];
  }
  return [];
}

export function validateSecurityProfiles(pod: Pod): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const podSc = pod.spec.securityContext;
  problems.push(...profileProblems(podSc?.seccompProfile, 'spec.securityContext.seccompProfile', 'seccomp'));
  problems.push(...profileProblems(podSc?.appArmorProfile, 'spec.securityContext.appArmorProfile', 'AppArmor'));
  const containers = [
    ...pod.spec.initContainers.map((c, i) => ({ c, path: `spec.initContainers[${i}]` })),
    ...pod.spec.containers.map((c, i) => ({ c, path: `spec.containers[${i}]` })),
  ];
  for (const { c, path } of containers) {
    problems.push(...profileProblems(c.securityContext?.seccompProfile, `${path}.securityContext.seccompProfile`, 'seccomp'));
    problems.push(...profileProblems(c.securityContext?.appArmorProfile, `${path}.securityContext.appArmorProfile`, 'AppArmor'));
  }
  for (const [key, value] of Object.entries(pod.metadata.annotations ?? {})) {
    const at = childPath('metadata.annotations', key);
    if (key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_PREFIX))
      problems.push(fieldWarning(at, 'non-functional in v1.27+; use the "seccompProfile" field instead'));
    else if (key.startsWith(APPARMOR_PREFIX) && value !== 'runtime/default' && value !== 'unconfined' && !value.startsWith('localhost/'))
      problems.push(invalid(at, value, 'invalid AppArmor profile name: must be runtime/default, unconfined or localhost/<profile>'));
  }
  return problems;
}
