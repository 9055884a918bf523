import type { ProbeKind, ProbeResult } from './probe-result.js';

interface Entry {
  containerId: string;
  result: ProbeResult;
}

/**
 * The cached probe results, in memory (kubelet pkg/kubelet/prober/results/results_manager.go):
 * one per (pod, container name, kind), tagged with the container instance it belongs to. Workers
 * write through `set`, which calls `onChange(podUid)` only when a cached result really changes, so
 * a probe that keeps passing (or failing) costs the pod worker nothing.
 */
export class ProbeResults {
  private readonly byPod = new Map<string, Map<string, Entry>>();

  constructor(private readonly onChange: (podUid: string) => void) {}

  /** The initial value for a new container instance (kubelet: set when a new container ID is seen); no callback: the caller publishes. */
  init(podUid: string, containerName: string, kind: ProbeKind, containerId: string, result: ProbeResult): void {
    this.podEntries(podUid).set(keyOf(containerName, kind), { containerId, result });
  }

  set(podUid: string, containerName: string, kind: ProbeKind, containerId: string, result: ProbeResult): void {
    const entries = this.podEntries(podUid);
    const key = keyOf(containerName, kind);
    const old = entries.get(key);
    if (old && old.containerId === containerId && old.result === result) return;
    entries.set(key, { containerId, result });
    this.onChange(podUid);
  }

  get(podUid: string, containerName: string, kind: ProbeKind): Entry | undefined {
    return this.byPod.get(podUid)?.get(keyOf(containerName, kind));
  }

  delete(podUid: string, containerName: string, kind: ProbeKind): void {
    const entries = this.byPod.get(podUid);
    entries?.delete(keyOf(containerName, kind));
    if (entries?.size === 0) this.byPod.delete(podUid);
  }

  deletePod(podUid: string): void {
    this.byPod.delete(podUid);
  }

  /** One kind's results of a pod by container ID (what the planner matches against running instances). */
  byContainerId(podUid: string, kind: ProbeKind): Map<string, ProbeResult> {
    const out = new Map<string, ProbeResult>();
    for (const [key, entry] of this.byPod.get(podUid) ?? []) if (kindOf(key) === kind) out.set(entry.containerId, entry.result);
    return out;
  }

  /** Number of cached results (all pods): for tests and leak checks. */
  get size(): number {
    let n = 0;
    for (const entries of this.byPod.values()) n += entries.size;
    return n;
  }

  private podEntries(podUid: string): Map<string, Entry> {
    let entries = this.byPod.get(podUid);
    if (!entries) this.byPod.set(podUid, (entries = new Map<string, Entry>()));
    return entries;
  }
}

function keyOf(containerName: string, kind: ProbeKind): string {
  return `${kind}/${containerName}`;
}

function kindOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}
