import { basename } from 'node:path';
import { type ServiceObject, serviceObjectKey } from '../api/service-types.js';
import type { ManifestProblem } from './manifest-problem.js';
import type { ParsedDocumentService } from './parse-manifest.js';

/** A Service, Endpoints or EndpointSlice with the document that defines it (for the allocator's problems). */
export interface DesiredServiceObject {
  object: ServiceObject;
  file: string;
  document: number;
}

export interface ManifestFileServices {
  file: string;
  firstSeenMs: number;
  services: ParsedDocumentService[];
}

/**
 * The Services, Endpoints and EndpointSlices across all manifest files, one per kind/namespace/name,
 * with the rules of ConfigMaps (`desired-config-objects.ts`): the recorded owner (`owners`, keyed by
 * `serviceObjectKey`) or else the file seen first keeps the name, and a later definition is reported.
 */
export function resolveServiceObjects(
  files: readonly ManifestFileServices[],
  recorded: ReadonlyMap<string, string> = new Map(),
): { services: DesiredServiceObject[]; errors: ManifestProblem[]; owners: Map<string, string> } {
  const ordered = [...files].sort((a, b) => a.firstSeenMs - b.firstSeenMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const entries = ordered.flatMap(({ file, services }) =>
    services.map(({ object, document }) => ({ file, document, object, key: serviceObjectKey(object.kind, object.metadata.namespace, object.metadata.name) })),
  );
  const claimOrder = entries.map((e, i) => ({ e, i, rank: recorded.get(e.key) === e.file ? 0 : 1 })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  const owners = new Map<string, { file: string; document: number }>();
  const kept = new Set<number>();
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
    kept.add(i);
  }
  const services = entries.filter((_, i) => kept.has(i)).map(({ object, file, document }) => ({ object, file, document }));
  return { services, errors, owners: new Map([...owners].map(([key, o]) => [key, o.file])) };
}
