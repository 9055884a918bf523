import type { ConfigObject } from '../api/config-object-types.js';
import type { DesiredPod } from './desired-pod.js';
import { ownersOf, resolveDesiredPods } from './desired-pods.js';
import { resolveConfigObjects } from './desired-config-objects.js';
import { type DesiredServiceObject, resolveServiceObjects } from './desired-service-objects.js';
import type { ManifestProblem } from './manifest-problem.js';
import type { ParsedDocumentObject, ParsedDocumentPod, ParsedDocumentService } from './parse-manifest.js';
import type { FileStamp } from './read-manifest-file.js';

/** What the manifest source knows of one file. */
export interface FileState {
  contentHash: string;
  firstSeenMs: number;
  /** The file's mtime: a touch (same content, newer mtime) asks for refused pods to be admitted again. */
  mtimeMs: number;
  /** The last read's stamp: a settled one that stat still shows spares the next read. */
  stamp?: FileStamp;
  /** The pods of the last version that parsed (kept while a later version fails). */
  lastGood: ParsedDocumentPod[];
  /** The ConfigMaps and Secrets of the last version that parsed. */
  lastGoodObjects: ParsedDocumentObject[];
  /** The Services, Endpoints and EndpointSlices of the last version that parsed. */
  lastGoodServices: ParsedDocumentService[];
  errors: ManifestProblem[];
  warnings: ManifestProblem[];
}

export interface ManifestSnapshot {
  pods: DesiredPod[];
  /** The directory's ConfigMaps and Secrets. */
  objects: ConfigObject[];
  /** The directory's Services, Endpoints and EndpointSlices. */
  services: DesiredServiceObject[];
  problems: ManifestProblem[];
}

/**
 * The directory's desired set from each file's last good version (pure): names two files define
 * go to their recorded owner, else to the file seen first. Also the owners to record, and a
 * fingerprint of what the sync loop acts on (it is told only when that changes).
 */
export function resolveSnapshot(
  files: ReadonlyMap<string, FileState>,
  recorded: ReadonlyMap<string, string>,
  previousObjects: readonly ConfigObject[],
  dirProblem: ManifestProblem | undefined,
): { snapshot: ManifestSnapshot; owners: Map<string, string>; fingerprint: string } {
  const entries = [...files.entries()];
  const resolved = resolveDesiredPods(entries.map(([file, s]) => ({ file, firstSeenMs: s.firstSeenMs, mtimeMs: s.mtimeMs, pods: s.lastGood })), recorded);
  const config = resolveConfigObjects(entries.map(([file, s]) => ({ file, firstSeenMs: s.firstSeenMs, objects: s.lastGoodObjects })), recorded, previousObjects);
  const services = resolveServiceObjects(entries.map(([file, s]) => ({ file, firstSeenMs: s.firstSeenMs, services: s.lastGoodServices })), recorded);
  const problems: ManifestProblem[] = [
    ...(dirProblem ? [dirProblem] : []),
    ...[...files.values()].flatMap((s) => s.errors),
    ...resolved.errors,
    ...config.errors,
    ...services.errors,
    ...[...files.values()].flatMap((s) => s.warnings),
  ];
  const podsChanged = resolved.pods.map((p) => [p.pod.metadata.uid, p.fileMtimeMs, p.file, p.document]);
  return {
    snapshot: { pods: resolved.pods, objects: config.objects, services: services.services, problems },
    owners: new Map([...ownersOf(resolved.pods), ...config.owners, ...services.owners]),
    fingerprint: JSON.stringify([podsChanged, config.fingerprint, services.services, problems]),
  };
}
