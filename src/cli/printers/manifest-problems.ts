/** Manifest problems as one line each: `error: bad.yaml[0] spec.containers[1].name: duplicate name "a"`. */
import { basename } from 'node:path';
import type { ManifestProblem } from '../../server/agent-api.js';

/** `<basename>[<doc>] <path>: <message>`, leaving out the parts the problem does not have. */
export function formatManifestProblem(problem: ManifestProblem): string {
  const where = problem.document === undefined ? basename(problem.file) : `${basename(problem.file)}[${problem.document}]`;
  return problem.path ? `${where} ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** Errors first, then warnings, each prefixed with its severity. */
export function formatProblemLines(problems: readonly ManifestProblem[]): string[] {
  const bySeverity = (severity: ManifestProblem['severity']) =>
    problems.filter((p) => p.severity === severity).map((p) => `${severity}: ${formatManifestProblem(p)}`);
  return [...bySeverity('error'), ...bySeverity('warning')];
}
