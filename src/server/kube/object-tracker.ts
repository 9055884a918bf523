/**
 * The watch hub: the agent's objects per resource (pods from the status store, events from the
 * event recorder, the node, namespaces, ConfigMaps, Secrets), diffed into ADDED/MODIFIED/DELETED
 * changes, each with its resourceVersion. A bounded history lets a watch resume from a version;
 * older than the history is `410 Expired`, as the API server's watch cache answers.
 */
import { type KubeObject, type WatchEvent, withResourceVersion } from './kube-object.js';
import type { ResourceVersions } from './resource-versions.js';

export interface TrackedResource {
  /** The collection's key, e.g. `pods`, `events`. */
  key: string;
  list(): KubeObject[];
  /** What counts as a change (default: the whole object); the node leaves out its heartbeats. */
  fingerprint?(object: KubeObject): string;
}

interface Entry {
  object: KubeObject;
  rv: number;
  print: string;
}

const HISTORY_LIMIT = 5_000;

export type WatchListener = (event: WatchEvent) => void;

export class ObjectTracker {
  private readonly entries = new Map<string, Map<string, Entry>>();
  private readonly history = new Map<string, WatchEvent[]>();
  /** Every change after this version is in the history (the start, or the last one dropped). */
  private readonly complete = new Map<string, number>();
  private readonly listeners = new Map<string, Set<WatchListener>>();
  private readonly resources = new Map<string, TrackedResource>();

  constructor(
    private readonly versions: ResourceVersions,
    resources: TrackedResource[],
  ) {
    const start = versions.current();
    for (const r of resources) {
      this.resources.set(r.key, r);
      this.entries.set(r.key, new Map());
      this.history.set(r.key, []);
      this.complete.set(r.key, start);
      this.listeners.set(r.key, new Set());
    }
  }

  /** The collection's resourceVersion: the newest version handed out. */
  currentVersion(): number {
    return this.versions.current();
  }

  has(key: string): boolean {
    return this.resources.has(key);
  }

  /** Diffs every collection against what it held and publishes the changes. */
  syncAll(): void {
    for (const key of this.resources.keys()) this.sync(key);
  }

  /** The collection now, each object with the version of its last change. */
  list(key: string): KubeObject[] {
    this.sync(key);
    return [...this.entriesOf(key).values()].map((e) => e.object);
  }

  /**
   * Starts a watch: the changes after `fromRv` (undefined: none, the caller sends the current
   * objects) then every change live. `expired` when the history no longer reaches back that far.
   */
  watch(key: string, fromRv: number | undefined, listener: WatchListener): { replay: WatchEvent[]; stop: () => void } | 'expired' {
    this.sync(key);
    let replay: WatchEvent[] = [];
    if (fromRv !== undefined) {
      if (fromRv < this.complete.get(key)!) return 'expired';
      replay = this.history.get(key)!.filter((e) => e.rv > fromRv);
    }
    const listeners = this.listeners.get(key)!;
    listeners.add(listener);
    return { replay, stop: () => listeners.delete(listener) };
  }

  watcherCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private entriesOf(key: string): Map<string, Entry> {
    const entries = this.entries.get(key);
    if (!entries) throw new Error(`no tracked resource ${key}`);
    return entries;
  }

  private sync(key: string): void {
    const resource = this.resources.get(key)!;
    const entries = this.entriesOf(key);
    const seen = new Set<string>();
    const changes: WatchEvent[] = [];
    for (const object of resource.list()) {
      const id = identity(object);
      seen.add(id);
      const print = resource.fingerprint?.(object) ?? JSON.stringify(object);
      const entry = entries.get(id);
      if (entry && entry.print === print) {
        // Same content: the fresher copy (a heartbeat) under the same version.
        entry.object = withResourceVersion(object, entry.rv);
        continue;
      }
      const rv = this.versions.next();
      const stamped = withResourceVersion(object, rv);
      entries.set(id, { object: stamped, rv, print });
      changes.push(entry ? { type: 'MODIFIED', rv, object: stamped, previous: entry.object } : { type: 'ADDED', rv, object: stamped });
    }
    for (const [id, entry] of entries) {
      if (seen.has(id)) continue;
      entries.delete(id);
      const rv = this.versions.next();
      changes.push({ type: 'DELETED', rv, object: withResourceVersion(entry.object, rv) });
    }
    if (changes.length === 0) return;
    const history = this.history.get(key)!;
    history.push(...changes);
    if (history.length > HISTORY_LIMIT) {
      const dropped = history.splice(0, history.length - HISTORY_LIMIT);
      this.complete.set(key, dropped[dropped.length - 1]!.rv);
    }
    for (const listener of this.listeners.get(key)!) for (const change of changes) listener(change);
  }
}

/** Objects are told apart by namespace, name and uid: a pod replaced under its name is a new object. */
function identity(object: KubeObject): string {
  const { namespace = '', name, uid = '' } = object.metadata;
  return `${namespace}/${name}/${uid}`;
}
