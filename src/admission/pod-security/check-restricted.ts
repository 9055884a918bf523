import { ALLOWED, type CheckResult, containersPhrase, forbidden, joinQuote, pluralize, sortedSet } from './check-result.js';
import { validSeccomp } from './check-profiles.js';
import { type PodSecurityInput, allContainers } from './pod-security-input.js';

/** The checks the restricted level adds (k8s.io/pod-security-admission `policy/`). */

/** A pod for Windows (`spec.os.name`) is exempt from the Linux-only restricted checks (1.25+). */
function windowsPod(pod: PodSecurityInput): boolean {
  return pod.spec.os?.name === 'windows';
}

/** `check_allowPrivilegeEscalation.go` (1.25): every container sets allowPrivilegeEscalation=false. */
export function allowPrivilegeEscalation(pod: PodSecurityInput): CheckResult {
  if (windowsPod(pod)) return ALLOWED;
  const bad = allContainers(pod.spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  return bad.length > 0
    ? forbidden('allowPrivilegeEscalation != false', `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`)
    : ALLOWED;
}

/** `check_capabilities_restricted.go` (1.25): drop ALL, add at most NET_BIND_SERVICE. */
export function capabilitiesRestricted(pod: PodSecurityInput): CheckResult {
  if (windowsPod(pod)) return ALLOWED;
  const missingDropAll: string[] = [];
  const adding: string[] = [];
  const extra: string[] = [];
  for (const c of allContainers(pod.spec)) {
    const caps = c.securityContext?.capabilities;
    if (caps === undefined) {
      missingDropAll.push(c.name);
      continue;
    }
    if (!(caps.drop ?? []).includes('ALL')) missingDropAll.push(c.name);
    const added = (caps.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) adding.push(c.name);
    extra.push(...added);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length > 0) details.push(`${containersPhrase(adding)} must not include ${joinQuote(sortedSet(extra))} in securityContext.capabilities.add`);
  return details.length > 0 ? forbidden('unrestricted capabilities', details.join('; ')) : ALLOWED;
}

const ALLOWED_VOLUME_SOURCES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

/** `check_restrictedVolumes.go`: only the listed inline volume sources (hostPath among the refused). */
export function restrictedVolumes(pod: PodSecurityInput): CheckResult {
  const bad: string[] = [];
  const types: string[] = [];
  for (const v of pod.spec.volumes ?? []) {
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined);
    if (sources.some((s) => ALLOWED_VOLUME_SOURCES.has(s))) continue;
    bad.push(v.name);
    types.push(sources[0] ?? 'unknown');
  }
  if (bad.length === 0) return ALLOWED;
  const distinct = sortedSet(types);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
  );
}

/** `check_runAsNonRoot.go` (`runAsNonRoot1_0`; the `hostUsers: false` relaxation is opt-in): runAsNonRoot=true, pod or every container. */
export function runAsNonRoot(pod: PodSecurityInput): CheckResult {
  const setters: string[] = [];
  const podValue = pod.spec.securityContext?.runAsNonRoot;
  if (podValue === false) setters.push('pod');
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(pod.spec)) {
    const value = c.securityContext?.runAsNonRoot;
    if (value === false) explicit.push(c.name);
    else if (value === undefined && podValue !== true) implicit.push(c.name);
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit));
  if (setters.length > 0) return forbidden('runAsNonRoot != true', `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  if (implicit.length > 0) return forbidden('runAsNonRoot != true', `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`);
  return ALLOWED;
}

/** `check_runAsUser.go` (`runAsUser1_23`): runAsUser never 0. */
export function runAsUser(pod: PodSecurityInput): CheckResult {
  const setters: string[] = [];
  if (pod.spec.securityContext?.runAsUser === 0) setters.push('pod');
  const bad = allContainers(pod.spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  if (bad.length > 0) setters.push(containersPhrase(bad));
  return setters.length > 0 ? forbidden('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`) : ALLOWED;
}

/** `check_seccompProfile_restricted.go` (1.25): seccompProfile.type RuntimeDefault or Localhost, on the pod or every container. */
export function seccompProfileRestricted(pod: PodSecurityInput): CheckResult {
  if (windowsPod(pod)) return ALLOWED;
  const setters: string[] = [];
  const values: string[] = [];
  const podType = pod.spec.securityContext?.seccompProfile?.type;
  if (podType !== undefined && !validSeccomp(podType)) {
    setters.push('pod');
    values.push(podType);
  }
  const podSet = podType !== undefined && validSeccomp(podType);
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(pod.spec)) {
    const type = c.securityContext?.seccompProfile?.type;
    if (type !== undefined) {
      if (!validSeccomp(type)) {
        explicit.push(c.name);
        values.push(type);
      }
    } else if (!podSet) implicit.push(c.name);
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit));
  if (setters.length > 0) {
    return forbidden('seccompProfile', `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`);
  }
  if (implicit.length > 0) {
    return forbidden('seccompProfile', `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
  }
  return ALLOWED;
}
