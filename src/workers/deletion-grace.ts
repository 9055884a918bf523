/**
 * Grace periods asked for by a delete through the API (`kubectl delete --grace-period=N`): the
 * kubelet's `deletionGracePeriodSeconds`, which replaces `spec.terminationGracePeriodSeconds`
 * when the pod is killed (k8s `pkg/kubelet/pod_workers.go` `calculateEffectiveGracePeriod`).
 * Kept by pod UID until the pod's termination takes it; one never taken (the file came back)
 * is dropped after a while.
 */
const KEEP_MS = 10 * 60_000;

export class DeletionGrace {
  private readonly asked = new Map<string, { seconds: number; atMs: number }>();

  constructor(private readonly now: () => number) {}

  set(podUid: string, seconds: number): void {
    const nowMs = this.now();
    for (const [uid, entry] of this.asked) if (nowMs - entry.atMs > KEEP_MS) this.asked.delete(uid);
    this.asked.set(podUid, { seconds, atMs: nowMs });
  }

  /** The grace asked for the pod, once: the termination that uses it clears it. */
  take(podUid: string): number | undefined {
    const entry = this.asked.get(podUid);
    this.asked.delete(podUid);
    return entry?.seconds;
  }
}
