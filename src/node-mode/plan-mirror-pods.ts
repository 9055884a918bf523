import { podConfigReferences } from '../api/config-references.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { type ApiServerPod, CONFIG_MIRROR } from './api-pod-object.js';

/** The mirror pod's name (k8s `pkg/kubelet/config/common.go`: a static pod is `<name>-<node>`). */
export function mirrorPodName(name: string, nodeName: string): string {
  return `${name}-${nodeName.toLowerCase()}`;
}

/** A v1 Pod to POST: the static pod's copy under the mirror name, pointing at its Node (k8s `pkg/kubelet/pod/mirror_client.go`). */
export function makeMirrorPod(desired: DesiredPod, nodeName: string, nodeUid: string): object {
  const { pod } = desired;
  const hash = pod.metadata.uid;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: mirrorPodName(pod.metadata.name, nodeName),
      namespace: pod.metadata.namespace,
      labels: pod.metadata.labels,
      annotations: { ...pod.metadata.annotations, 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.hash': hash, [CONFIG_MIRROR]: hash },
      // NodeRestriction: exactly one owner, the node's own Node, as controller.
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }],
    },
    spec: { ...pod.spec, nodeName },
  };
}

export interface MirrorPlan {
  /** Static pods that need their mirror created. */
  create: DesiredPod[];
  /** Mirror pods to delete (grace 0, UID precondition): stale hash, being deleted, or no static pod of theirs. */
  remove: ApiServerPod[];
  /** Static pods that get no mirror (NodeRestriction refuses a mirror that references ConfigMaps or Secrets), with why. */
  refused: { desired: DesiredPod; message: string }[];
  /** Static pod UID → its mirror, whose status follows the static pod's. */
  mirrors: Map<string, ApiServerPod>;
}

/**
 * What each sync does to mirror pods (k8s `pkg/kubelet/kubelet.go` `syncPod`, `HandlePodCleanups`):
 * a mirror with a stale hash or a `deletionTimestamp` is deleted and made again; one with no static
 * pod left is deleted; a static pod without one gets one. Pure.
 */
export function planMirrorPods(filePods: readonly DesiredPod[], apiPods: readonly ApiServerPod[], nodeName: string): MirrorPlan {
  const existing = new Map(apiPods.filter((p) => p.metadata.annotations?.[CONFIG_MIRROR] !== undefined).map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  const plan: MirrorPlan = { create: [], remove: [], refused: [], mirrors: new Map() };
  const kept = new Set<string>();
  for (const desired of filePods) {
    const { pod } = desired;
    const refs = [...podConfigReferences(pod)];
    if (refs.length > 0) {
      plan.refused.push({ desired, message: `no mirror pod in the API server: it references ${refs.join(', ')} of the manifest directory, and the API server admits no mirror pod that references ConfigMaps or Secrets (NodeRestriction); the pod runs on this node only` });
      continue;
    }
    const key = `${pod.metadata.namespace}/${mirrorPodName(pod.metadata.name, nodeName)}`;
    const mirror = existing.get(key);
    if (mirror && mirror.metadata.annotations?.[CONFIG_MIRROR] === pod.metadata.uid && !mirror.metadata.deletionTimestamp) {
      kept.add(key);
      plan.mirrors.set(pod.metadata.uid, mirror);
      continue;
    }
    if (mirror) {
      kept.add(key);
      plan.remove.push(mirror);
    }
    plan.create.push(desired);
  }
  for (const [key, mirror] of existing) if (!kept.has(key)) plan.remove.push(mirror);
  return plan;
}
