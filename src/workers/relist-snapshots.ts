import type { ObservedContainer } from '../runtime/types.js';

/**
 * What a relist listed of each pod, for that pod's next sync to use instead of listing the engine
 * again (kubelet: the pod worker reads the PLEG's pod cache, `GetNewerThan` its last sync). A
 * pod's snapshot is used only when the list started after everything that may have changed its
 * containers: its own last sync ending, and any engine event about it. Anything else (a sync that
 * was under way while the engine was listed, an event that came during or after the list) makes
 * the sync list the engine as before. Each snapshot is used once.
 */
export class RelistSnapshots {
  private tick = 0;
  /** The stamp of the newest list whose snapshots are kept. */
  private newest = 0;
  /** The pods that list had containers of. */
  private newestUids = new Set<string>();
  private readonly touched = new Map<string, number>();
  private readonly snapshots = new Map<string, { at: number; containers: ObservedContainer[] }>();

  /** Called just before the list request: the list's stamp. */
  listing(): number {
    return ++this.tick;
  }

  /**
   * The containers a list stamped `at` returned, kept for the next sync of each pod in `uids`; they
   * replace those of earlier lists. A list older than the newest (two relists overlapped: the event
   * stream's reconnect asks for one) keeps nothing.
   */
  listed(at: number, uids: Iterable<string>, containers: readonly ObservedContainer[]): void {
    if (at < this.newest) return;
    this.newest = at;
    this.newestUids = new Set(containers.map((c) => c.podUid));
    this.snapshots.clear();
    // Touches older than this list cannot outdate it or any later one.
    for (const [uid, tick] of this.touched) if (tick < at) this.touched.delete(uid);
    const byPod = new Map<string, ObservedContainer[]>();
    for (const c of containers) {
      const list = byPod.get(c.podUid);
      if (list) list.push(c);
      else byPod.set(c.podUid, [c]);
    }
    for (const uid of uids) this.snapshots.set(uid, { at, containers: byPod.get(uid) ?? [] });
  }

  /**
   * A pod just asked for (a new manifest) that the newest list had no container of: its first
   * sync takes "no containers" from that list instead of listing the engine, unless something
   * touched it since (its containers are made by its own syncs only, each of which touches it).
   * One engine request less before a new pod's sandbox is created.
   */
  unlisted(uid: string): void {
    if (this.newest === 0 || this.newestUids.has(uid) || this.snapshots.has(uid)) return;
    this.snapshots.set(uid, { at: this.newest, containers: [] });
  }

  /** The pod's containers may have changed: an engine event about it, or a sync of its own ended. */
  touch(uid: string): void {
    this.touched.set(uid, ++this.tick);
  }

  /** The containers for the sync starting now, when listed after the pod was last touched; undefined otherwise. */
  take(uid: string): ObservedContainer[] | undefined {
    const snapshot = this.snapshots.get(uid);
    if (!snapshot) return undefined;
    this.snapshots.delete(uid);
    return (this.touched.get(uid) ?? 0) < snapshot.at ? snapshot.containers : undefined;
  }

  /** The pod is gone: nothing of it is kept. */
  forget(uid: string): void {
    this.touched.delete(uid);
    this.snapshots.delete(uid);
  }
}
