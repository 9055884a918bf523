import { closestName } from './did-you-mean.js';
import { childPath, fieldError, type FieldProblem } from './field-path.js';
import { aggregateContainerResources, formatResourceQuantity, isSupportedPodLevelResource } from './pod-level-resources.js';
import type { PodSpec, ResourceRequirements } from './pod-types.js';
import { compareQuantities, parseQuantity, ZERO_QUANTITY } from './quantity.js';
import { invalid } from './validate-metadata.js';
import { validateResources } from './validate-resources.js';

/**
 * Pod-level `spec.resources`, as the API server checks it (k8s `pkg/apis/core/validation/validation.go`
 * 1.34: `validatePodResources` → `validatePodResourceRequirements`, `validatePodResourceConsistency`):
 * only cpu, memory and hugepages-<size>; quantities and requests ≤ limits as for containers;
 * hugepages requests equal to their limits and next to cpu or memory; the pod's request of each
 * supported resource at least the containers' aggregate request; no app container limit above
 * the pod's limit of the same resource. Runs on the defaulted pod (`defaultPodResources`).
 */
export function validatePodResources(spec: PodSpec): FieldProblem[] {
  const resources = spec.resources;
  if (!resources) return [];
  const path = 'spec.resources';
  return [
    ...validateResources(resources, path, podResourceNameProblems),
    ...hugePageProblems(resources, path),
    ...aggregateRequestProblems(spec, resources, path),
    ...containerLimitProblems(spec, resources),
  ];
}

function podResourceNameProblems(name: string, path: string): FieldProblem[] {
  if (isSupportedPodLevelResource(name)) return [];
  const guess = closestName(name, ['cpu', 'memory']);
  return [
    fieldError(
      path,
      `unsupported value ${JSON.stringify(name)}: supported values: "cpu", "hugepages-", "memory"` + (guess !== undefined ? ` (did you mean ${guess}?)` : ''),
    ),
  ];
}

function hugePageProblems(resources: ResourceRequirements, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = [...Object.keys(resources.limits), ...Object.keys(resources.requests)];
  const hugePages = names.filter((n) => n.startsWith('hugepages-'));
  if (hugePages.length > 0 && !names.some((n) => n === 'cpu' || n === 'memory'))
    problems.push(fieldError(path, 'forbidden: HugePages require cpu or memory'));
  for (const [name, text] of Object.entries(resources.requests)) {
    if (!name.startsWith('hugepages-')) continue;
    const limitText = resources.limits[name];
    if (limitText === undefined) {
      problems.push(fieldError(`${path}.limits`, `required: Limit must be set for non overcommitable resources (${name})`));
      continue;
    }
    const request = parseQuantity(text);
    const limit = parseQuantity(limitText);
    // A request above the limit is reported by `validateResources` already.
    if (request.ok && limit.ok && compareQuantities(request.value, limit.value) < 0)
      problems.push(invalid(childPath(`${path}.requests`, name), text, `must be equal to ${name} limit of ${limitText}`));
  }
  return problems;
}

function aggregateRequestProblems(spec: PodSpec, resources: ResourceRequirements, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, aggregate] of aggregateContainerResources(spec, 'requests')) {
    if (!isSupportedPodLevelResource(name)) continue;
    const text = resources.requests[name];
    const request = text === undefined ? { ok: true as const, value: ZERO_QUANTITY } : parseQuantity(text);
    if (request.ok && compareQuantities(aggregate, request.value) > 0)
      problems.push(
        invalid(childPath(`${path}.requests`, name), text ?? '0', `must be greater than or equal to aggregate container requests of ${formatResourceQuantity(name, aggregate)}`),
      );
  }
  return problems;
}

function containerLimitProblems(spec: PodSpec, resources: ResourceRequirements): FieldProblem[] {
  const problems: FieldProblem[] = [];
  spec.containers.forEach((c, i) => {
    for (const [name, text] of Object.entries(c.resources.limits)) {
      const podText = resources.limits[name];
      if (podText === undefined) continue;
      const limit = parseQuantity(text);
      const podLimit = parseQuantity(podText);
      if (limit.ok && podLimit.ok && compareQuantities(limit.value, podLimit.value) > 0)
        problems.push(invalid(childPath(`spec.containers[${i}].resources.limits`, name), text, `must be less than or equal to pod limits of ${podText}`));
    }
  });
  return problems;
}
