import { isDeepStrictEqual } from 'node:util';
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

  set(uid: string, record: PodRecord): void {
    const previous = this.records.get(uid);
    this.records.set(uid, record);
    // Most syncs of a running pod publish the status it had: the listeners (the Services registry,
    // which reads every pod, the API's watches, node mode's status patches) hear only of changes.
    if (previous && previous.pod === record.pod && previous.file === record.file && isDeepStrictEqual(previous.status, record.status)) return;
    this.changed();
  }

  /** Told after every change of a pod or its status (the Services registry follows pod IPs and readiness); returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  get(uid: string): PodRecord | undefined {
    return this.records.get(uid);
  }

  delete(uid: string): void {
    if (this.records.delete(uid)) this.changed();
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
