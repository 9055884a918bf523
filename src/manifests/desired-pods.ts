import { basename } from 'node:path';
import { podKey, type Pod } from '../api/pod-types.js';
import type { ManifestProblem } from './manifest-problem.js';
import type { DesiredPod } from './desired-pod.js';
import type { ParsedDocumentPod } from './parse-manifest.js';

/**
 * The desired pods across all manifest files, one per namespace/name. The kubelet lets only one
 * UID per full name run (k8s `pkg/kubelet/pod_workers.go` `allowStaticPodStart`); here the rule is
 * explicit and reported: the file seen first keeps the name (ties: file name order), a later
 * definition is ignored with an error naming both files, until the name is free.
 */

export interface ManifestFilePods {
  file: string;
  firstSeenMs: number;
  /** The file's mtime when last read (a touch re-admits a refused pod). */
  mtimeMs?: number;
  pods: ParsedDocumentPod[];
}

export function resolveDesiredPods(files: readonly ManifestFilePods[]): { pods: DesiredPod[]; errors: ManifestProblem[] } {
  const ordered = [...files].sort((a, b) => a.firstSeenMs - b.firstSeenMs || compareStrings(a.file, b.file));
  const byName = new Map<string, DesiredPod>();
  const byUid = new Map<string, DesiredPod>();
  const pods: DesiredPod[] = [];
  const errors: ManifestProblem[] = [];
  for (const { file, firstSeenMs, mtimeMs, pods: filePods } of ordered) {
    for (const { pod, document, written } of filePods) {
      const key = podKey(pod);
      const problem = conflict(pod, file, document, byName.get(key), byUid.get(pod.metadata.uid));
      if (problem !== undefined) {
        errors.push(problem);
        continue;
      }
      const desired: DesiredPod = { pod, file, document, firstSeenMs, fileMtimeMs: mtimeMs ?? 0, ...(written ? { written } : {}) };
      byName.set(key, desired);
      byUid.set(pod.metadata.uid, desired);
      pods.push(desired);
    }
  }
  return { pods, errors };
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
