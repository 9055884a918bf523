/** One step of a field path: an object key or a list index. */
export type PathSegment = string | number;

/**
 * Formats a field path the way Kubernetes prints it in validation errors:
 * `["spec", "containers", 1, "ports", 0, "containerPort"]` → `spec.containers[1].ports[0].containerPort`.
 * Keys that are not plain identifiers (label keys such as `app.kubernetes.io/name`) are bracketed.
 */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>(childPath, '');
}

/** `parent` (already formatted) extended by one key or index. */
export function childPath(parent: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${parent}[${segment}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return parent === '' ? segment : `${parent}.${segment}`;
  return `${parent}[${JSON.stringify(segment)}]`;
}

/** A problem found in one field of a Pod, before it is tied to a file (see `ManifestProblem`). */
export interface FieldProblem {
  severity: 'error' | 'warning';
  /** `spec.containers[1].name`; empty when the problem is about the whole object. */
  path: string;
  message: string;
}

export function fieldError(path: string, message: string): FieldProblem {
  return { severity: 'error', path, message };
}

export function fieldWarning(path: string, message: string): FieldProblem {
  return { severity: 'warning', path, message };
}
