/**
 * A check's verdict and PSA's wording helpers (k8s.io/pod-security-admission `policy/checks.go`
 * `CheckResult`, `AggregateCheckResults`, `ForbiddenDetail`; `policy/helpers.go` `joinQuote`,
 * `pluralize`).
 */

export type CheckResult = { allowed: true } | { allowed: false; forbiddenReason: string; forbiddenDetail: string };

export const ALLOWED: CheckResult = { allowed: true };

export function forbidden(forbiddenReason: string, forbiddenDetail = ''): CheckResult {
  return { allowed: false, forbiddenReason, forbiddenDetail };
}

/** `"a", "b"` (Go's joinQuote). */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Go's `sets.NewString(...).List()`: distinct, sorted by bytes. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `reason (detail), reason, …`: every forbidding result in order (`AggregateCheckResult.ForbiddenDetail`). */
export function forbiddenDetail(results: readonly CheckResult[]): string {
  return results
    .flatMap((r) => {
      if (r.allowed) return [];
      const reason = r.forbiddenReason || 'unknown forbidden reason';
      return [r.forbiddenDetail === '' ? reason : `${reason} (${r.forbiddenDetail})`];
    })
    .join(', ');
}
