/**
 * The sysctls the kubelet allows without `--allowed-unsafe-sysctls` (k8s
 * `pkg/kubelet/sysctl/safe_sysctls.go`, v1.32): namespaced, and unable to affect other pods.
 * minikubelet has no unsafe-sysctls option, so these are all a pod may set.
 */
export const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
];

/** k8s validation.go `SysctlContainSlashPatternFmt`: dotted (or slashed) lowercase segments. */
const SYSCTL_PATTERN = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const SYSCTL_MAX_LENGTH = 253;

export function isValidSysctlName(name: string): boolean {
  return name.length <= SYSCTL_MAX_LENGTH && SYSCTL_PATTERN.test(name);
}

/** A slash-separated name is the same sysctl as its dotted form (`net/ipv4/x` = `net.ipv4.x`). */
export function normalizeSysctlName(name: string): string {
  const slash = name.indexOf('/');
  const dot = name.indexOf('.');
  if (slash < 0 || (dot >= 0 && dot < slash)) return name;
  return name.replaceAll('.', '\0').replaceAll('/', '.').replaceAll('\0', '/');
}

/** k8s validation.go: these share the host's namespace under hostIPC / hostNetwork. */
export function isIpcNamespacedSysctl(name: string): boolean {
  return name.startsWith('kernel.shm') || name.startsWith('kernel.msg') || name === 'kernel.sem' || name.startsWith('fs.mqueue.');
}

export function isNetNamespacedSysctl(name: string): boolean {
  return name.startsWith('net.');
}
