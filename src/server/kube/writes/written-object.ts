/**
 * The answer to a write: the object as the API now shows it. After the directory was read again,
 * the tracker shows a ConfigMap, Secret or Service at once; a pod once its worker published it
 * with the new labels and spec (or a new pod at all), which takes a moment: looked for briefly, else the
 * pod as the file makes it, Pending.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { canonicalJson } from '../../../api/canonical-json.js';
import type { Pod } from '../../../api/pod-types.js';
import { toRfc3339 } from '../../../api/rfc3339.js';
import type { KubeObject } from '../kube-object.js';
import type { KubeResource } from '../kube-resources.js';
import type { ObjectTracker } from '../object-tracker.js';
import type { PreparedWrite } from './prepare-write.js';

const SETTLE_MS = 3_000;
const POLL_MS = 50;

export function findTracked(tracker: ObjectTracker, resource: KubeResource, namespace: string, name: string): KubeObject | undefined {
  const matches = tracker.list(resource.tracked).filter((o) => o.metadata.name === name && o.metadata.namespace === namespace);
  return matches.find((o) => !(o.metadata as { deletionTimestamp?: string }).deletionTimestamp) ?? matches[0];
}

/** `dryRun`: nothing was written, the object is the one the write would make. */
export async function writtenObject(tracker: ObjectTracker, resource: KubeResource, namespace: string, name: string, prepared: PreparedWrite, nowMs: number, dryRun: boolean): Promise<KubeObject> {
  const pod = prepared.parsed.pods.find((p) => p.document === prepared.document)?.pod;
  if (dryRun) {
    const current = pod && tracker.list(resource.tracked).find((o) => o.metadata.uid === pod.metadata.uid);
    return pod ? podAsWritten(pod, prepared, nowMs, current) : fallback(prepared, namespace);
  }
  if (pod === undefined) return findTracked(tracker, resource, namespace, name) ?? fallback(prepared, namespace);
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const shown = tracker.list(resource.tracked).find((o) => o.metadata.uid === pod.metadata.uid && sameMetadata(o, pod));
    if (shown !== undefined) return shown;
    if (Date.now() >= deadline) return podAsWritten(pod, prepared, nowMs);
    await delay(POLL_MS);
  }
}

/** The pod shown is the one written: its labels, annotations and spec (an image patched). */
function sameMetadata(shown: KubeObject, pod: Pod): boolean {
  const annotations = (shown.metadata as { annotations?: Record<string, string> }).annotations ?? {};
  return canonicalJson(shown.metadata.labels ?? {}) === canonicalJson(pod.metadata.labels ?? {})
    && Object.entries(pod.metadata.annotations ?? {}).every(([k, v]) => annotations[k] === v)
    && canonicalJson((shown as unknown as { spec?: unknown }).spec) === canonicalJson(pod.spec);
}

/** The pod as the file makes it: a dry run's answer keeps what the pod shows now (created, version, status). */
function podAsWritten(pod: Pod, prepared: PreparedWrite, nowMs: number, current?: KubeObject): KubeObject {
  const { creationTimestamp = toRfc3339(nowMs), resourceVersion } = current?.metadata ?? {};
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      ...pod.metadata, creationTimestamp, ...(resourceVersion !== undefined ? { resourceVersion } : {}),
      annotations: { ...pod.metadata.annotations, 'minikubelet.io/manifest-file': prepared.parsed.file },
    },
    spec: pod.spec, status: (current as { status?: unknown } | undefined)?.status ?? { phase: 'Pending' },
  } as KubeObject;
}

function fallback(prepared: PreparedWrite, namespace: string): KubeObject {
  const object = prepared.parsed.objects.find((o) => o.document === prepared.document)?.object ?? prepared.parsed.services.find((o) => o.document === prepared.document)?.object;
  const value = (object ?? {}) as KubeObject;
  return { ...value, metadata: { ...value.metadata, namespace } };
}
