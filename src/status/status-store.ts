import type { Pod } from '../api/pod-types.js';
import type { PodStatus } from '../api/pod-status-types.js';
import type { ObservedContainer } from '../runtime/types.js';

/** The latest status of one pod, with what it was computed from. */
export interface PodRecord {
  pod: Pod;
  /** The manifest file the pod came from. */
  file: string;
  status: PodStatus;
  /** The pod's containers as last observed (for `logs`/`exec` targets). */
  containers: ObservedContainer[];
  /** When the pod was first seen (its creationTimestamp), epoch ms. */
  createdAtMs: number;
}

/** Latest PodStatus per pod UID, written by the sync loop after each sync, read by the API. */
export class StatusStore {
  private readonly records = new Map<string, PodRecord>();
  private readonly listeners = new Set<() => void>();

  /** Called after every set and delete (the API's watch hub diffs what changed). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(uid: string, record: PodRecord): void {
    this.records.set(uid, record);
    for (const listener of this.listeners) listener();
  }

  get(uid: string): PodRecord | undefined {
    return this.records.get(uid);
  }

  delete(uid: string): void {
    if (!this.records.delete(uid)) return;
    for (const listener of this.listeners) listener();
  }

  list(): PodRecord[] {
    return [...this.records.values()];
  }

  /** The pod with this name; while a replaced pod is still terminating, its replacement wins. */
  findByName(namespace: string, name: string): PodRecord | undefined {
    const matches = this.list().filter((r) => r.pod.metadata.namespace === namespace && r.pod.metadata.name === name);
    return matches.find((r) => !r.pod.metadata.deletionTimestamp) ?? matches[0];
  }
}
