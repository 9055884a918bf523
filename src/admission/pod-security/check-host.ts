import { ALLOWED, type CheckResult, containersPhrase, forbidden, joinQuote, pluralize, sortedSet } from './check-result.js';
import { type HostHandlerInput, type PodSecurityInput, allContainers } from './pod-security-input.js';

/** The baseline checks on what a pod shares with its host (k8s.io/pod-security-admission `policy/`). */

/** `check_hostNamespaces.go`: spec.hostNetwork, hostPID, hostIPC must be false. */
export function hostNamespaces(pod: PodSecurityInput): CheckResult {
  const shared = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => pod.spec[k] === true);
  return shared.length > 0 ? forbidden('host namespaces', sortedSet(shared).join(', ')) : ALLOWED;
}

/** `check_hostPathVolumes.go`: no hostPath volume. */
export function hostPathVolumes(pod: PodSecurityInput): CheckResult {
  const names = (pod.spec.volumes ?? []).filter((v) => v.hostPath !== undefined).map((v) => v.name);
  return names.length > 0 ? forbidden('hostPath volumes', `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`) : ALLOWED;
}

/** `check_hostPorts.go`: no container port with a hostPort. */
export function hostPorts(pod: PodSecurityInput): CheckResult {
  const bad: string[] = [];
  const ports: string[] = [];
  for (const c of allContainers(pod.spec)) {
    const used = (c.ports ?? []).filter((p) => (p.hostPort ?? 0) !== 0).map((p) => String(p.hostPort));
    if (used.length > 0) bad.push(c.name);
    ports.push(...used);
  }
  if (bad.length === 0) return ALLOWED;
  const distinct = sortedSet(ports);
  return forbidden(
    'hostPort',
    `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
  );
}

function hosts(handler: HostHandlerInput | undefined): string[] {
  return [handler?.httpGet?.host, handler?.tcpSocket?.host].filter((h): h is string => h !== undefined && h !== '');
}

/** `check_hostProbesAndhostLifecycle.go` (1.34+): probes and lifecycle handlers must not set `host`. */
export function hostProbesAndHostLifecycle(pod: PodSecurityInput): CheckResult {
  const bad: string[] = [];
  const found: string[] = [];
  for (const c of allContainers(pod.spec)) {
    const used = [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop].flatMap(hosts);
    if (used.length > 0) bad.push(c.name);
    found.push(...used);
  }
  if (bad.length === 0) return ALLOWED;
  const names = sortedSet(bad);
  const distinct = sortedSet(found);
  return forbidden(
    'probe or lifecycle host',
    `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinct.length)} ${joinQuote(distinct)}`,
  );
}
