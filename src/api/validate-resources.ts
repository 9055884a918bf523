import { closestName } from './did-you-mean.js';
import { childPath, fieldError, fieldWarning, type FieldProblem } from './field-path.js';
import { qualifiedNameErrors } from './name-validation.js';
import type { ResourceRequirements } from './pod-types.js';
import { compareQuantities, isNegativeQuantity, parseQuantity, type Quantity } from './quantity.js';
import { invalid } from './validate-metadata.js';

/** `resources.limits` / `resources.requests` (k8s `ValidateResourceRequirements`). */

const STANDARD_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** A resource name's problems at `path` (container names by default; pod-level names differ). */
export type ResourceNameCheck = (name: string, path: string) => FieldProblem[];

export function validateResources(resources: ResourceRequirements, path: string, nameProblems: ResourceNameCheck = resourceNameProblems): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const limits = new Map<string, Quantity>();
  for (const list of ['limits', 'requests'] as const) {
    for (const [name, text] of Object.entries(resources[list])) {
      const at = childPath(`${path}.${list}`, name);
      problems.push(...nameProblems(name, at));
      const parsed = parseQuantity(text);
      if (!parsed.ok) {
        // A request defaulted from an invalid limit is the same mistake: report it once, on the limit.
        if (!(list === 'requests' && resources.limits[name] === text)) problems.push(invalid(at, text, parsed.error));
        continue;
      }
      if (isNegativeQuantity(parsed.value)) problems.push(invalid(at, text, 'must be greater than or equal to 0'));
      if (name === 'memory' && text.endsWith('m')) {
        const amount = text.slice(0, -1);
        problems.push(fieldWarning(at, `${JSON.stringify(text)} means ${amount} thousandths of a byte; did you mean ${amount}Mi?`));
      }
      if (list === 'limits') limits.set(name, parsed.value);
      const limit = limits.get(name);
      if (list === 'requests' && limit !== undefined && compareQuantities(parsed.value, limit) > 0)
        problems.push(invalid(at, text, `must be less than or equal to ${name} limit of ${resources.limits[name] ?? ''}`));
    }
  }
  return problems;
}

/** Standard names, `hugepages-<size>`, or a domain-prefixed extended resource (`example.com/gpu`). */
function resourceNameProblems(name: string, path: string): FieldProblem[] {
  if (STANDARD_RESOURCES.includes(name) || name.startsWith('hugepages-')) return [];
  if (name.includes('/')) return qualifiedNameErrors(name).map((e) => invalid(path, name, e));
  const guess = closestName(name, STANDARD_RESOURCES);
  return [
    fieldError(
      path,
      `unknown resource ${JSON.stringify(name)}: ` +
        'must be cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource' +
        (guess !== undefined ? ` (did you mean ${guess}?)` : ''),
    ),
  ];
}
