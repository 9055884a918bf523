/**
 * What an update of a pod may change (k8s `pkg/apis/core/validation/validation.go`
 * `ValidatePodUpdate`): the images of its containers and init containers, `activeDeadlineSeconds`
 * (set, or shortened), additions to `tolerations`, and `terminationGracePeriodSeconds` only from a
 * negative value to 1. Anything else of the spec is refused with the API server's message, followed
 * by the paths that differ. Labels and annotations are metadata: always allowed. Pure.
 */
import type { FieldProblem } from '../../../api/field-path.js';
import type { Pod, PodSpec } from '../../../api/pod-types.js';

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

export function checkPodUpdate(oldPod: Pod, newPod: Pod): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const before = oldPod.spec;
  const after = newPod.spec;
  const oldDeadline = before.activeDeadlineSeconds;
  const newDeadline = after.activeDeadlineSeconds;
  if (oldDeadline !== undefined && newDeadline === undefined) {
    problems.push({ severity: 'error', path: 'spec.activeDeadlineSeconds', message: 'Invalid value: "null": must not update from a positive integer to nil value' });
  } else if (oldDeadline !== undefined && newDeadline !== undefined && newDeadline > oldDeadline) {
    problems.push({ severity: 'error', path: 'spec.activeDeadlineSeconds', message: `Invalid value: ${newDeadline}: must be less than or equal to previous value` });
  }
  const munged = mungedSpec(before, after);
  const changed = differences(before, munged, 'spec');
  if (changed.length > 0) problems.push({ severity: 'error', path: 'spec', message: `Forbidden: ${POD_UPDATE_FORBIDDEN}\n  changed: ${changed.slice(0, 10).join(', ')}` });
  return problems;
}

/** The new spec with what may change set back to the old values (upstream's `mungedPodSpec`). */
function mungedSpec(before: PodSpec, after: PodSpec): PodSpec {
  const sameShape = (a: readonly { name: string }[], b: readonly { name: string }[]) => a.length === b.length;
  const containers = sameShape(before.containers, after.containers)
    ? after.containers.map((c, i) => ({ ...c, image: before.containers[i]!.image }))
    : after.containers;
  const initContainers = sameShape(before.initContainers, after.initContainers)
    ? after.initContainers.map((c, i) => ({ ...c, image: before.initContainers[i]!.image }))
    : after.initContainers;
  const oldTolerations = before.tolerations ?? [];
  const additionsOnly = oldTolerations.every((t) => (after.tolerations ?? []).some((n) => JSON.stringify(n) === JSON.stringify(t)));
  const grace = before.terminationGracePeriodSeconds < 0 && after.terminationGracePeriodSeconds === 1 ? before.terminationGracePeriodSeconds : after.terminationGracePeriodSeconds;
  const munged: PodSpec = { ...after, containers, initContainers, terminationGracePeriodSeconds: grace };
  if (additionsOnly) {
    if (before.tolerations === undefined) delete munged.tolerations;
    else munged.tolerations = before.tolerations;
  }
  if (before.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  else munged.activeDeadlineSeconds = before.activeDeadlineSeconds;
  return munged;
}

/** The paths where two JSON values differ, shallowest first. */
export function differences(a: unknown, b: unknown, path: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((item, i) => differences(item, b[i], `${path}[${i}]`));
  if (isMap(a) && isMap(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences(a[k], b[k], `${path}.${k}`));
  }
  return [path];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
