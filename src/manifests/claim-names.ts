import { basename } from 'node:path';
import type { ManifestProblem } from './manifest-problem.js';

/** One definition of a named object in a manifest file. */
export interface NamedDefinition<T> {
  file: string;
  document: number;
  /** Unique per kind/namespace/name (`configObjectKey`, `serviceObjectKey`). */
  key: string;
  object: T & { kind: string; metadata: { namespace: string; name: string } };
}

/**
 * Who holds each name when several files define it (ConfigMaps, Secrets, Services, Endpoints): the
 * recorded owner (`recorded`, by key) first, else the file seen first (`firstSeenMs`, then its
 * path), then the document order; every later definition is an error on its `metadata.name`.
 * `kept` are the definitions that hold their names, in the order of first sight; `owners` maps
 * each key to the file that holds it now, for the record.
 */
export function claimNames<T>(
  files: readonly { file: string; firstSeenMs: number; definitions: readonly Omit<NamedDefinition<T>, 'file'>[] }[],
  recorded: ReadonlyMap<string, string>,
): { kept: NamedDefinition<T>[]; errors: ManifestProblem[]; owners: Map<string, string> } {
  const ordered = [...files].sort((a, b) => a.firstSeenMs - b.firstSeenMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const entries: NamedDefinition<T>[] = ordered.flatMap(({ file, definitions }) => definitions.map((d) => ({ ...d, file })));
  // The recorded owners claim their names first; the rest keep the order of first sight.
  const claimOrder = entries.map((e, i) => ({ e, i, rank: recorded.get(e.key) === e.file ? 0 : 1 })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  const owners = new Map<string, { file: string; document: number }>();
  const keptIndices = new Set<number>();
  const errors: ManifestProblem[] = [];
  for (const { e: { file, document, object, key }, i } of claimOrder) {
    const owner = owners.get(key);
    if (owner) {
      const where = owner.file === file ? `document ${owner.document} of this file` : basename(owner.file);
      const message = `${object.kind} "${object.metadata.namespace}/${object.metadata.name}" is already defined in ${where}; this one is ignored until that name is free`;
      errors.push({ severity: 'error', file, document, path: 'metadata.name', message });
      continue;
    }
    owners.set(key, { file, document });
    keptIndices.add(i);
  }
  return { kept: entries.filter((_, i) => keptIndices.has(i)), errors, owners: new Map([...owners].map(([key, o]) => [key, o.file])) };
}
