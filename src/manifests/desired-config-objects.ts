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
 * (`desired-pods.ts`), the file seen first keeps the name and a later definition is reported.
 * `fingerprint` changes whenever any object's content does (values hashed, never kept in it).
 */
export function resolveConfigObjects(files: readonly ManifestFileObjects[]): { objects: ConfigObject[]; errors: ManifestProblem[]; fingerprint: string } {
  const ordered = [...files].sort((a, b) => a.firstSeenMs - b.firstSeenMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const owners = new Map<string, { file: string; document: number }>();
  const objects: ConfigObject[] = [];
  const errors: ManifestProblem[] = [];
  const hash = createHash('sha256');
  for (const { file, objects: fileObjects } of ordered) {
    for (const { object, document } of fileObjects) {
      const { kind, metadata } = object;
      const key = configObjectKey(kind, metadata.namespace, metadata.name);
      const owner = owners.get(key);
      if (owner) {
        const where = owner.file === file ? `document ${owner.document} of this file` : basename(owner.file);
        const message = `${kind} "${metadata.namespace}/${metadata.name}" is already defined in ${where}; this one is ignored until that name is free`;
        errors.push({ severity: 'error', file, document, path: 'metadata.name', message });
        continue;
      }
      owners.set(key, { file, document });
      objects.push(object);
      hash.update(JSON.stringify([key, object]));
    }
  }
  return { objects, errors, fingerprint: hash.digest('hex') };
}
