import { basename } from 'node:path';
import type { ManifestProblem } from './manifest-problem.js';

/** `bad.yaml[0] spec.containers[1].name: duplicate name "a"`, leaving out the parts the problem does not have. */
export function formatManifestProblem(p: ManifestProblem): string {
  const where = p.document === undefined ? basename(p.file) : `${basename(p.file)}[${p.document}]`;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}
