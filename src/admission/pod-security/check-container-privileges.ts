import { ALLOWED, type CheckResult, containersPhrase, forbidden, joinQuote, sortedSet } from './check-result.js';
import { type PodSecurityInput, allContainers } from './pod-security-input.js';

/** The baseline checks on containers' privileges (k8s.io/pod-security-admission `policy/`). */

/** `check_privileged.go`: securityContext.privileged must not be true. */
export function privileged(pod: PodSecurityInput): CheckResult {
  const bad = allContainers(pod.spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  return bad.length > 0 ? forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`) : ALLOWED;
}

/** `check_capabilities_baseline.go`: the container runtime's default set. */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** `check_capabilities_baseline.go`: capabilities.add only from the default set. */
export function capabilitiesBaseline(pod: PodSecurityInput): CheckResult {
  const bad: string[] = [];
  const extra: string[] = [];
  for (const c of allContainers(pod.spec)) {
    const added = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (added.length > 0) bad.push(c.name);
    extra.push(...added);
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden('non-default capabilities', `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(extra))} in securityContext.capabilities.add`);
}

/**
 * `check_procMount_baseline.go` (`procMount_1_0`; the 1.35 relaxation for `hostUsers: false` is
 * off unless the API server opts in) and `check_procMount_restricted.go`: procMount unset or `Default`.
 */
export function procMount(pod: PodSecurityInput): CheckResult {
  const bad: string[] = [];
  const types: string[] = [];
  for (const c of allContainers(pod.spec)) {
    const value = c.securityContext?.procMount;
    if (value !== undefined && value !== 'Default') {
      bad.push(c.name);
      types.push(value);
    }
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden('procMount', `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`);
}

/** `check_windowsHostProcess.go`: windowsOptions.hostProcess must not be true. */
export function windowsHostProcess(pod: PodSecurityInput): CheckResult {
  const setters: string[] = [];
  if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
  const bad = allContainers(pod.spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return ALLOWED;
  return forbidden('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`);
}
