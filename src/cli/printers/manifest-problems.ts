/** Manifest problems as one line each: `error: bad.yaml[0] spec.containers[1].name: duplicate name "a"`. */
import { formatManifestProblem } from '../../manifests/format-manifest-problem.js';
import type { ManifestProblem } from '../../manifests/manifest-problem.js';

export { formatManifestProblem };

/** Errors first, then warnings, each prefixed with its severity. */
export function formatProblemLines(problems: readonly ManifestProblem[]): string[] {
  const bySeverity = (severity: ManifestProblem['severity']) =>
    problems.filter((p) => p.severity === severity).map((p) => `${severity}: ${formatManifestProblem(p)}`);
  return [...bySeverity('error'), ...bySeverity('warning')];
}
