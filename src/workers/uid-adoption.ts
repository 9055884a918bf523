import type { Pod } from '../api/pod-types.js';
import { podKey } from '../api/pod-types.js';
import type { DesiredPod } from '../manifests/desired-pod.js';

/**
 * Upgrade adoption (issue 17 §4). minikubelet 0.1 derived the pod UID from the defaulted pod,
 * labels included; today's UID comes from what the manifest wrote, without labels. A pod such an
 * agent started carries the old UID on its containers, its pod directory and its container names.
 * Rather than kill it and start the same pod under the new UID, the desired pod takes over the old
 * UID when a live pod of the same `namespace/name` has it and either
 * - it is the UID 0.1 derives from this manifest (`legacyUid`: nothing was edited since), or
 * - it was adopted for this pod before (`adopted`, new UID → old UID, kept on disk), so a relabel
 *   after the upgrade (which changes the legacy UID, not the new one) still restarts nothing.
 * An edit of the spec gives a new UID with no record: the old pod goes and the new one starts, as
 * for any edit. Pure: returns the pods to run and the adoptions still in use.
 */
export interface UidAdoption {
  pods: DesiredPod[];
  /** New UID → adopted UID, for the pods adopted now (stale entries are dropped). */
  adopted: Map<string, string>;
}

/** `liveUids(fullName)`: the UIDs of the pods with containers under that `namespace/name`. */
export function adoptUids(
  desired: readonly DesiredPod[],
  liveUids: (fullName: string) => readonly string[],
  adopted: ReadonlyMap<string, string>,
  asAdopted: (pod: Pod, uid: string) => Pod = withUid,
): UidAdoption {
  const next = new Map<string, string>();
  const pods = desired.map((d) => {
    const uid = d.pod.metadata.uid;
    const live = liveUids(podKey(d.pod));
    if (live.includes(uid)) return d;
    const recorded = adopted.get(uid);
    const old = recorded !== undefined && live.includes(recorded) ? recorded : d.legacyUid !== undefined && live.includes(d.legacyUid) ? d.legacyUid : undefined;
    if (old === undefined || old === uid) return d;
    next.set(uid, old);
    return { ...d, pod: asAdopted(d.pod, old) };
  });
  return { pods, adopted: next };
}

/** The pod under the adopted UID (the kubelet's `config.hash` annotation follows it). */
export function withUid(pod: Pod, uid: string): Pod {
  return { ...pod, metadata: { ...pod.metadata, uid, annotations: { ...pod.metadata.annotations, 'kubernetes.io/config.hash': uid } } };
}
