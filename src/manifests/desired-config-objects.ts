import { createHash } from 'node:crypto';
import { type ConfigObject, configObjectKey } from '../api/config-object-types.js';
import { claimNames } from './claim-names.js';
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
  const claimed = claimNames(
    files.map(({ file, firstSeenMs, objects }) => ({
      file, firstSeenMs,
      definitions: objects.map(({ object, document }) => ({ document, object, key: configObjectKey(object.kind, object.metadata.namespace, object.metadata.name) })),
    })),
    recorded,
  );
  const errors = claimed.errors;
  const kept = claimed.kept.map((entry) => {
    const held = before.get(entry.key);
    // The API server refuses to change an immutable object (it may only be deleted): the old one stays.
    if (!held?.immutable || sameContent(held, entry.object)) return entry;
    errors.push({ severity: 'error', file: entry.file, document: entry.document, path: 'data', message: 'field is immutable when `immutable` is set; delete the object (remove it from the directory) and create it again to change it' });
    return { ...entry, object: held };
  });
  const hash = createHash('sha256');
  const objects: ConfigObject[] = [];
  for (const { key, object } of kept) {
    objects.push(object);
    hash.update(JSON.stringify([key, object]));
  }
  return { objects, errors, fingerprint: hash.digest('hex'), owners: claimed.owners };
}

/** Whether an edit left an object as it was: its data, type and immutability (metadata aside). */
export function sameContent(a: ConfigObject, b: ConfigObject): boolean {
  const content = (o: ConfigObject) => JSON.stringify(o.kind === 'Secret' ? [o.type, o.data, o.immutable] : [o.data, o.binaryData, o.immutable]);
  return a.kind === b.kind && content(a) === content(b);
}
