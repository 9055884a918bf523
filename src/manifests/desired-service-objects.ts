import { type ServiceObject, serviceObjectKey } from '../api/service-types.js';
import { claimNames } from './claim-names.js';
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
  const claimed = claimNames(
    files.map(({ file, firstSeenMs, services }) => ({
      file, firstSeenMs,
      definitions: services.map(({ object, document }) => ({ document, object, key: serviceObjectKey(object.kind, object.metadata.namespace, object.metadata.name) })),
    })),
    recorded,
  );
  const services = claimed.kept.map(({ object, file, document }) => ({ object, file, document }));
  return { services, errors: claimed.errors, owners: claimed.owners };
}
