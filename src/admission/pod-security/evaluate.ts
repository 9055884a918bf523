import type { Pod } from '../../api/pod-types.js';
import type { WrittenSecurityFields } from '../../api/written-security.js';
import { capabilitiesBaseline, privileged, procMount, windowsHostProcess } from './check-container-privileges.js';
import { hostNamespaces, hostPathVolumes, hostPorts, hostProbesAndHostLifecycle } from './check-host.js';
import { appArmorProfile, seccompProfileBaseline, seLinuxOptions, sysctls } from './check-profiles.js';
import {
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
} from './check-restricted.js';
import { type CheckResult, forbiddenDetail } from './check-result.js';
import { type PodSecurityInput, podSecurityInput } from './pod-security-input.js';

/**
 * The Pod Security Standards as the API server's PodSecurity admission enforces them
 * (k8s.io/pod-security-admission `policy/registry.go` `EvaluatePod` at version `latest`,
 * `admission/admission.go`): `privileged` checks nothing; `baseline` runs the baseline checks;
 * `restricted` runs the baseline checks a restricted check does not override, then the restricted
 * ones. Checks run in the library's order, by check ID (baseline IDs sorted, then restricted IDs
 * sorted), and every failing one is named in the one message. Pure.
 */

export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

type CheckFn = (pod: PodSecurityInput) => CheckResult;
interface Check {
  id: string;
  check: CheckFn;
  /** Baseline check IDs this restricted check replaces (`OverrideCheckIDs`). */
  overrides?: readonly string[];
}

const BASELINE: readonly Check[] = [
  { id: 'appArmorProfile', check: appArmorProfile },
  { id: 'capabilities_baseline', check: capabilitiesBaseline },
  { id: 'hostNamespaces', check: hostNamespaces },
  { id: 'hostPathVolumes', check: hostPathVolumes },
  { id: 'hostPorts', check: hostPorts },
  { id: 'hostProbesAndHostLifecycle', check: hostProbesAndHostLifecycle },
  { id: 'privileged', check: privileged },
  { id: 'procMount', check: procMount },
  { id: 'seLinuxOptions', check: seLinuxOptions },
  { id: 'seccompProfile_baseline', check: seccompProfileBaseline },
  { id: 'sysctls', check: sysctls },
  { id: 'windowsHostProcess', check: windowsHostProcess },
];

const RESTRICTED: readonly Check[] = [
  { id: 'allowPrivilegeEscalation', check: allowPrivilegeEscalation },
  { id: 'capabilities_restricted', check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
  { id: 'procMount_restricted', check: procMount, overrides: ['procMount'] },
  { id: 'restrictedVolumes', check: restrictedVolumes, overrides: ['hostPathVolumes'] },
  { id: 'runAsNonRoot', check: runAsNonRoot },
  { id: 'runAsUser', check: runAsUser },
  { id: 'seccompProfile_restricted', check: seccompProfileRestricted, overrides: ['seccompProfile_baseline'] },
];

/** Go's `slices.Sort` on the IDs: byte order. */
const byId = (a: Check, b: Check): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const overridden = new Set(RESTRICTED.flatMap((c) => c.overrides ?? []));
const CHECKS: Record<PodSecurityLevel, readonly Check[]> = {
  privileged: [],
  baseline: [...BASELINE].sort(byId),
  restricted: [...BASELINE.filter((c) => !overridden.has(c.id)).sort(byId), ...[...RESTRICTED].sort(byId)],
};

/** The check IDs a level runs, in order. */
export function podSecurityCheckIds(level: PodSecurityLevel): string[] {
  return CHECKS[level].map((c) => c.id);
}

/** Every check's result at the level (`EvaluatePod`). */
export function evaluatePodSecurity(level: PodSecurityLevel, pod: PodSecurityInput): CheckResult[] {
  return CHECKS[level].map((c) => c.check(pod));
}

/**
 * PodSecurity's refusal, `violates PodSecurity "baseline:latest": privileged (container "app" must
 * not set securityContext.privileged=true), …`, or undefined when the pod meets the level.
 */
export function podSecurityViolation(level: PodSecurityLevel, pod: Pod, written?: WrittenSecurityFields): string | undefined {
  const results = evaluatePodSecurity(level, podSecurityInput(pod, written));
  if (results.every((r) => r.allowed)) return undefined;
  return `violates PodSecurity ${JSON.stringify(`${level}:latest`)}: ${forbiddenDetail(results)}`;
}
