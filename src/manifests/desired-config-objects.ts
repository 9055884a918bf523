import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { type ConfigObject, configObjectKey } from '../api/config-object-types.js';
import type { ManifestProblem } from './manifest-problem.js';
import type { ParsedDocumentObject } from './parse-manifest.js';

export interface ManifestFileObjects {
  file: string;
  firstSeenMs: number;
  objects: ParsedDocumentObject[];
}

/**
 * The ConfigMaps and Secrets across all manifest files, one per kind/namespace/name: as for pods
 * (`desired-pods.ts`), the recorded owner (`owners`, keyed by `configObjectKey`) or else the file
 * seen first keeps the name, and a later definition is reported. `owners` in the result is who holds
 * each name now, for the record. `fingerprint` changes whenever any object's content does (values
 * hashed, never kept in it).
 */
export function resolveConfigObjects(
  files: readonly ManifestFileObjects[],
  recorded: ReadonlyMap<string, string> = new Map(),
  previous: readonly ConfigObject[] = [],
): { objects: ConfigObject[]; errors: ManifestProblem[]; fingerprint: string; owners: Map<string, string> } {
  const before = new Map(previous.map((o) => [configObjectKey(o.kind, o.metadata.namespace, o.metadata.name), o]));
  const ordered = [...files].sort((a, b) => a.firstSeenMs - b.firstSeenMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const entries = ordered.flatMap(({ file, objects }) =>
    objects.map(({ object, document }) => ({ file, document, object, key: configObjectKey(object.kind, object.metadata.namespace, object.metadata.name) })),
  );
  // The recorded owners claim their names first; the rest keep the order of first sight.
  const claimOrder = entries.map((e, i) => ({ e, i, rank: recorded.get(e.key) === e.file ? 0 : 1 })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  const owners = new Map<string, { file: string; document: number }>();
  const kept = new Set<number>();
  const errors: ManifestProblem[] = [];
  for (const { e: { file, document, object, key }, i } of claimOrder) {
    const owner = owners.get(key);
    if (owner) {
      const { kind, metadata } = object;
      const where = owner.file === file ? `document ${owner.document} of this file` : basename(owner.file);
      const message = `${kind} "${metadata.namespace}/${metadata.name}" is already defined in ${where}; this one is ignored until that name is free`;
      errors.push({ severity: 'error', file, document, path: 'metadata.name', message });
      continue;
    }
    owners.set(key, { file, document });
    kept.add(i);
    const held = before.get(key);
    // The API server refuses to change an immutable object (it may only be deleted): the old one stays.
    if (held?.immutable && !sameContent(held, object)) {
      errors.push({ severity: 'error', file, document, path: 'data', message: 'field is immutable when `immutable` is set; delete the object (remove it from the directory) and create it again to change it' });
      entries[i]!.object = held;
    }
  }
  const hash = createHash('sha256');
  const objects: ConfigObject[] = [];
  entries.forEach(({ key, object }, i) => {
    if (!kept.has(i)) return;
    objects.push(object);
    hash.update(JSON.stringify([key, object]));
  });
  return { objects, errors, fingerprint: hash.digest('hex'), owners: new Map([...owners].map(([key, o]) => [key, o.file])) };
}

/** Whether an edit left an object as it was: its data, type and immutability (metadata aside). */
function sameContent(a: ConfigObject, b: ConfigObject): boolean {
  const content = (o: ConfigObject) => JSON.stringify(o.kind === 'Secret' ? [o.type, o.data, o.immutable] : [o.data, o.binaryData, o.immutable]);
  return a.kind === b.kind && content(a) === content(b);
}
