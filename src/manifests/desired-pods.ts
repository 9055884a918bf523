import { basename } from 'node:path';
import { podKey, type Pod } from '../api/pod-types.js';
import type { ManifestProblem } from './manifest-problem.js';
import type { DesiredPod } from './desired-pod.js';
import type { ParsedDocumentPod } from './parse-manifest.js';

/**
 * The desired pods across all manifest files, one per namespace/name. The kubelet lets only one
 * UID per full name run (k8s `pkg/kubelet/pod_workers.go` `allowStaticPodStart`); here the rule is
 * explicit and reported: the file that owns the name keeps it, a later definition is ignored with
 * an error naming both files, until the name is free. The owner is the recorded one (`owners`,
 * kept across agent restarts by `OwnerRecord`) while that file still defines the name; otherwise
 * the file seen first (ties: file name order).
 */

export interface ManifestFilePods {
  file: string;
  firstSeenMs: number;
  /** The file's mtime when last read (a touch re-admits a refused pod). */
  mtimeMs?: number;
  pods: ParsedDocumentPod[];
}

export function resolveDesiredPods(
  files: readonly ManifestFilePods[],
  owners: ReadonlyMap<string, string> = new Map(),
): { pods: DesiredPod[]; errors: ManifestProblem[] } {
  const ordered = [...files].sort((a, b) => a.firstSeenMs - b.firstSeenMs || compareStrings(a.file, b.file));
  const entries = ordered.flatMap(({ file, firstSeenMs, mtimeMs, pods: filePods }) =>
    filePods.map(({ pod, document, written, legacyUid }): DesiredPod => ({
      pod, file, document, firstSeenMs, fileMtimeMs: mtimeMs ?? 0, ...(written ? { written } : {}), ...(legacyUid ? { legacyUid } : {}),
    })),
  );
  // The recorded owners' definitions claim their names first (a stable sort keeps the rest in order).
  const claimOrder = entries.map((d, i) => ({ d, i, recorded: owners.get(podKey(d.pod)) === d.file ? 0 : 1 }));
  claimOrder.sort((a, b) => a.recorded - b.recorded || a.i - b.i);
  const byName = new Map<string, DesiredPod>();
  const byUid = new Map<string, DesiredPod>();
  const kept = new Set<number>();
  const errors: ManifestProblem[] = [];
  for (const { d, i } of claimOrder) {
    const key = podKey(d.pod);
    const problem = conflict(d.pod, d.file, d.document, byName.get(key), byUid.get(d.pod.metadata.uid));
    if (problem !== undefined) {
      errors.push(problem);
      continue;
    }
    byName.set(key, d);
    byUid.set(d.pod.metadata.uid, d);
    kept.add(i);
  }
  return { pods: entries.filter((_, i) => kept.has(i)), errors };
}

/** Who owns each pod name in a resolution, for `OwnerRecord`. */
export function ownersOf(pods: readonly DesiredPod[]): Map<string, string> {
  return new Map(pods.map((d) => [podKey(d.pod), d.file]));
}

function conflict(
  pod: Pod,
  file: string,
  document: number,
  sameName: DesiredPod | undefined,
  sameUid: DesiredPod | undefined,
): ManifestProblem | undefined {
  const owner = sameName ?? sameUid;
  if (owner === undefined) return undefined;
  const where = owner.file === file ? `document ${owner.document} of this file` : basename(owner.file);
  const message = sameName
    ? `pod ${JSON.stringify(podKey(pod))} is already defined in ${where}; this one is ignored until that name is free`
    : `uid ${JSON.stringify(pod.metadata.uid)} is already used by pod ${JSON.stringify(podKey(owner.pod))} in ${where}; ` +
      'this one is ignored until that uid is free';
  return { severity: 'error', file, document, path: sameName ? 'metadata.name' : 'metadata.uid', message };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
