import { isIP } from 'node:net';
import { fieldError, fieldWarning, type FieldProblem } from './field-path.js';
import { dns1123SubdomainErrors } from './name-validation.js';
import type { Container, PodSpec, SecurityContext } from './pod-types.js';
import {
  isIpcNamespacedSysctl,
  isNetNamespacedSysctl,
  isValidSysctlName,
  normalizeSysctlName,
  SAFE_SYSCTLS,
} from './safe-sysctls.js';
import { invalid } from './validate-metadata.js';

/**
 * Security contexts, host namespaces, host aliases and DNS config (k8s
 * `pkg/apis/core/validation/validation.go`: `ValidatePodSecurityContext`, `ValidateSecurityContext`,
 * `validateSysctls`, `ValidateHostAliases`, `validatePodDNSConfig`), plus the kubelet's sysctl
 * admission (only safe sysctls without `--allowed-unsafe-sysctls`).
 */

const MAX_ID = 2147483647;
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_LIST_CHARS = 2048;

function idProblems(value: number | undefined, path: string): FieldProblem[] {
  if (value === undefined || (value >= 0 && value <= MAX_ID)) return [];
  return [invalid(path, value, `must be between 0 and ${MAX_ID}, inclusive`)];
}

export function validatePodSecurity(spec: PodSpec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const sc = spec.securityContext;
  if (sc) {
    problems.push(...idProblems(sc.runAsUser, 'spec.securityContext.runAsUser'));
    problems.push(...idProblems(sc.runAsGroup, 'spec.securityContext.runAsGroup'));
    problems.push(...idProblems(sc.fsGroup, 'spec.securityContext.fsGroup'));
    (sc.supplementalGroups ?? []).forEach((g, i) => problems.push(...idProblems(g, `spec.securityContext.supplementalGroups[${i}]`)));
    problems.push(...validateSysctls(spec));
    if (sc.supplementalGroupsPolicy === 'Strict')
      problems.push(
        fieldWarning(
          'spec.securityContext.supplementalGroupsPolicy',
          "Strict cannot be enforced: Docker always adds the groups the image's /etc/group gives the user (Merge); the pod runs with them",
        ),
      );
  }
  if (spec.hostUsers === false)
    problems.push(
      fieldWarning(
        'spec.hostUsers',
        'user namespaces are not supported: Docker enables them only daemon-wide (userns-remap), not per pod; the pod runs in the host user namespace',
      ),
    );
  (spec.tolerations ?? []).forEach((t, i) => {
    // KEP-5471: Lt and Gt compare the taint's value as an integer.
    if ((t.operator === 'Lt' || t.operator === 'Gt') && !/^-?[0-9]+$/.test(t.value ?? ''))
      problems.push(invalid(`spec.tolerations[${i}].value`, t.value ?? '', `must be an integer for operator ${t.operator}`));
  });
  if (spec.shareProcessNamespace && spec.hostPID)
    problems.push(invalid('spec.shareProcessNamespace', true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  (spec.hostAliases ?? []).forEach((alias, i) => {
    const at = `spec.hostAliases[${i}]`;
    if (isIP(alias.ip) === 0) problems.push(invalid(`${at}.ip`, alias.ip, 'must be a valid IP address'));
    alias.hostnames.forEach((h, j) => {
      for (const e of dns1123SubdomainErrors(h)) problems.push(invalid(`${at}.hostnames[${j}]`, h, e));
    });
  });
  problems.push(...validateDnsConfig(spec));
  return problems;
}

function validateSysctls(spec: PodSpec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  (spec.securityContext?.sysctls ?? []).forEach((s, i) => {
    const at = `spec.securityContext.sysctls[${i}].name`;
    if (s.name === '') return problems.push(fieldError(at, 'required'));
    if (!isValidSysctlName(s.name))
      return problems.push(invalid(at, s.name, 'must have at most 253 characters and be dot- or slash-separated lowercase words (e.g. net.ipv4.tcp_syncookies)'));
    const name = normalizeSysctlName(s.name);
    if (seen.has(name)) problems.push(fieldError(at, `duplicate sysctl ${JSON.stringify(s.name)}`));
    seen.add(name);
    if (spec.hostNetwork && isNetNamespacedSysctl(name))
      problems.push(invalid(at, s.name, `sysctl ${JSON.stringify(s.name)} not allowed with host net enabled`));
    else if (spec.hostIPC && isIpcNamespacedSysctl(name))
      problems.push(invalid(at, s.name, `sysctl ${JSON.stringify(s.name)} not allowed with host ipc enabled`));
    else if (!SAFE_SYSCTLS.includes(name))
      problems.push(
        invalid(at, s.name, `forbidden sysctl: ${JSON.stringify(s.name)} not allowlisted; the kubelet's safe sysctls are ${SAFE_SYSCTLS.join(', ')}`),
      );
  });
  return problems;
}

function validateDnsConfig(spec: PodSpec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const dns = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!dns) return [fieldError('spec.dnsConfig', 'required: must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((dns.nameservers ?? []).length === 0)
      problems.push(fieldError('spec.dnsConfig.nameservers', 'required: must provide at least one DNS nameserver when `dnsPolicy` is None'));
  }
  if (!dns) return problems;
  const nameservers = dns.nameservers ?? [];
  if (nameservers.length > MAX_DNS_NAMESERVERS)
    problems.push(invalid('spec.dnsConfig.nameservers', nameservers.join(','), `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`));
  nameservers.forEach((ns, i) => {
    if (isIP(ns) === 0) problems.push(invalid(`spec.dnsConfig.nameservers[${i}]`, ns, 'must be a valid IP address'));
  });
  const searches = dns.searches ?? [];
  if (searches.length > MAX_DNS_SEARCH_PATHS)
    problems.push(invalid('spec.dnsConfig.searches', searches.join(','), `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`));
  if (searches.join(' ').length > MAX_DNS_SEARCH_LIST_CHARS)
    problems.push(
      invalid('spec.dnsConfig.searches', searches.join(','), `must not have more than ${MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list`),
    );
  searches.forEach((search, i) => {
    // A trailing dot (an absolute name) is allowed.
    for (const e of dns1123SubdomainErrors(search.replace(/\.$/, ''))) problems.push(invalid(`spec.dnsConfig.searches[${i}]`, search, e));
  });
  (dns.options ?? []).forEach((o, i) => {
    if (o.name === '') problems.push(fieldError(`spec.dnsConfig.options[${i}].name`, 'required'));
  });
  return problems;
}

export function validateContainerSecurity(c: Container, path: string): FieldProblem[] {
  const sc: SecurityContext | undefined = c.securityContext;
  if (!sc) return [];
  const at = `${path}.securityContext`;
  const problems = [...idProblems(sc.runAsUser, `${at}.runAsUser`), ...idProblems(sc.runAsGroup, `${at}.runAsGroup`)];
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged) problems.push(fieldError(at, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    if ((sc.capabilities?.add ?? []).some((cap) => cap === 'CAP_SYS_ADMIN' || cap === 'SYS_ADMIN'))
      problems.push(fieldError(at, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
  }
  return problems;
}
