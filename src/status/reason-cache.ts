import type { WaitingReason } from './waiting-reason.js';

/** What one sync found of one container it meant to start: started, or why it waits. */
export interface ContainerStartResult {
  name: string;
  /** Undefined: the container started. */
  error?: WaitingReason;
}

/**
 * The kubelet's reason cache (pkg/kubelet/container/reason_cache.go): per pod, the error of the last
 * sync that tried to start each container, shown as its waiting reason until a start succeeds.
 * Updated from each sync's results, in order; read when the status is generated.
 */
export class ReasonCache {
  private readonly pods = new Map<string, Map<string, WaitingReason>>();

  update(podUid: string, results: readonly ContainerStartResult[]): void {
    if (results.length === 0) return;
    let reasons = this.pods.get(podUid);
    if (!reasons) this.pods.set(podUid, (reasons = new Map<string, WaitingReason>()));
    for (const r of results) {
      if (r.error) reasons.set(r.name, r.error);
      else reasons.delete(r.name);
    }
  }

  get(podUid: string): ReadonlyMap<string, WaitingReason> {
    return this.pods.get(podUid) ?? new Map<string, WaitingReason>();
  }

  forget(podUid: string): void {
    this.pods.delete(podUid);
  }
}
