import { ALLOWED, type CheckResult, containersPhrase, forbidden, joinQuote, pluralize, sortedSet } from './check-result.js';
import { type PodSecurityInput, type SecurityContextInput, allContainers } from './pod-security-input.js';

/** The baseline checks on security profiles and sysctls (k8s.io/pod-security-admission `policy/`). */

/** `check_appArmorProfile.go`: profile type RuntimeDefault or Localhost; the beta annotations runtime/default or localhost/*. */
export function appArmorProfile(pod: PodSecurityInput): CheckResult {
  const setters: string[] = [];
  const values: string[] = [];
  const bad = (sc: SecurityContextInput | undefined): boolean => {
    const type = sc?.appArmorProfile?.type;
    if (type === undefined || type === 'RuntimeDefault' || type === 'Localhost') return false;
    values.push(type);
    return true;
  };
  if (bad(pod.spec.securityContext)) setters.push('pod');
  const containers = allContainers(pod.spec).filter((c) => bad(c.securityContext)).map((c) => c.name);
  if (containers.length > 0) setters.push(containersPhrase(containers));
  const annotations = Object.entries(pod.metadata.annotations ?? {})
    .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== '' && v !== 'runtime/default' && !v.startsWith('localhost/'))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  const valueList = sortedSet(values);
  if (annotations.length > 0) {
    valueList.push(...sortedSet(annotations));
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (setters.length === 0) return ALLOWED;
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
  );
}

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);

/** `check_seLinuxOptions.go`: type from the container types; user and role unset. */
export function seLinuxOptions(pod: PodSecurityInput): CheckResult {
  const badTypes: string[] = [];
  let setUser = false;
  let setRole = false;
  const valid = (sc: SecurityContextInput | undefined): boolean => {
    const opts = sc?.seLinuxOptions;
    if (opts === undefined) return true;
    let ok = true;
    if (!SELINUX_TYPES.has(opts.type ?? '')) {
      ok = false;
      badTypes.push(opts.type ?? '');
    }
    if ((opts.user ?? '') !== '') [ok, setUser] = [false, true];
    if ((opts.role ?? '') !== '') [ok, setRole] = [false, true];
    return ok;
  };
  const setters: string[] = [];
  if (!valid(pod.spec.securityContext)) setters.push('pod');
  const containers = allContainers(pod.spec).filter((c) => !valid(c.securityContext)).map((c) => c.name);
  if (containers.length > 0) setters.push(containersPhrase(containers));
  if (setters.length === 0) return ALLOWED;
  // As the library words it: user and role are named only beside a bad type.
  const data: string[] = [];
  if (badTypes.length > 0) {
    const types = sortedSet(badTypes);
    data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
  }
  return forbidden('seLinuxOptions', `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`);
}

export function validSeccomp(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** `check_seccompProfile_baseline.go` (1.19+): seccompProfile.type, when set, RuntimeDefault or Localhost. */
export function seccompProfileBaseline(pod: PodSecurityInput): CheckResult {
  const setters: string[] = [];
  const values: string[] = [];
  const podType = pod.spec.securityContext?.seccompProfile?.type;
  if (podType !== undefined && !validSeccomp(podType)) {
    setters.push('pod');
    values.push(podType);
  }
  const containers = allContainers(pod.spec).filter((c) => {
    const type = c.securityContext?.seccompProfile?.type;
    if (type === undefined || validSeccomp(type)) return false;
    values.push(type);
    return true;
  });
  if (containers.length > 0) setters.push(containersPhrase(containers.map((c) => c.name)));
  if (setters.length === 0) return ALLOWED;
  return forbidden('seccompProfile', `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`);
}

/** `check_sysctls.go`, its newest list (`sysctlsAllowedV1Dot37`). */
const PSA_SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem', 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat',
]);

/** `check_sysctls.go`: only the safe sysctls. */
export function sysctls(pod: PodSecurityInput): CheckResult {
  const bad = (pod.spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((name) => !PSA_SAFE_SYSCTLS.has(name));
  return bad.length > 0 ? forbidden('forbidden sysctls', bad.join(', ')) : ALLOWED;
}
