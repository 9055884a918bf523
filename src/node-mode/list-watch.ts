import type { Logger } from 'pino';
import { ApiError, isGone } from './api-error.js';
import type { KubeClient, WatchEvent } from './kube-client.js';

/** The metadata every watched object has. */
export interface KubeItem {
  metadata: { uid: string; name: string; namespace?: string; resourceVersion?: string };
}

interface KubeList<T> {
  metadata: { resourceVersion: string };
  items: T[];
}

/** Errors: 100 ms, doubling to 7 s (the kubelet's node-status back-off); reset by a good list. */
export const LIST_WATCH_BACKOFF = { initialMs: 100, maxMs: 7_000 };

export interface ListWatchDeps<T extends KubeItem> {
  client: KubeClient;
  /** A collection path: `/api/v1/pods`, `/api/v1/namespaces/ns/secrets`. */
  path: string;
  /** `fieldSelector` and friends. */
  query: Record<string, string>;
  /** The whole current set, after the list and after each watch event (client-go `UndeltaStore`). */
  onSnapshot: (items: ReadonlyMap<string, T>) => void;
  log: Logger;
  /** The watch ends (and resumes) when no event or bookmark came for this long; the API server ends it by itself within 5–10 min. */
  idleMs?: number;
}

/**
 * client-go's Reflector for one collection: list, then watch from the list's resourceVersion;
 * a dropped watch resumes from the last resourceVersion seen; `410 Gone` (or an ERROR event
 * saying so) lists again; other errors back off (100 ms doubling to 7 s) and retry, forever, until
 * `stop()`.
 */
export class ListWatch<T extends KubeItem> {
  private readonly items = new Map<string, T>();
  private readonly stopping = new AbortController();
  private resourceVersion: string | undefined;
  private delayMs = 0;
  private done: Promise<void> | undefined;
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(private readonly deps: ListWatchDeps<T>) {}

  start(): void {
    this.done ??= this.run();
  }

  /** Whether a list has succeeded yet. */
  isSynced(): boolean {
    return this.synced;
  }

  /** Resolves after the first successful list. */
  hasSynced(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  get(uid: string): T | undefined {
    return this.items.get(uid);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        if (this.resourceVersion === undefined) await this.list();
        await this.watchOnce(signal);
        this.delayMs = 0;
      } catch (err) {
        if (signal.aborted) return;
        if (isGone(err)) {
          this.deps.log.info({ path: this.deps.path, resourceVersion: this.resourceVersion }, 'Watch expired; listing again');
          this.resourceVersion = undefined;
          continue;
        }
        this.delayMs = this.delayMs === 0 ? LIST_WATCH_BACKOFF.initialMs : Math.min(this.delayMs * 2, LIST_WATCH_BACKOFF.maxMs);
        // Once per streak: the API server down makes every attempt fail.
        this.deps.log[this.delayMs === LIST_WATCH_BACKOFF.initialMs ? 'warn' : 'debug']({ err, path: this.deps.path, retryInMs: this.delayMs }, 'Failed to list or watch; retrying');
        await sleep(this.delayMs, signal);
      }
    }
  }

  private async list(): Promise<void> {
    const list = await this.deps.client.get<KubeList<T>>(this.deps.path, this.deps.query);
    this.items.clear();
    for (const item of list.items) this.items.set(item.metadata.uid, item);
    this.resourceVersion = list.metadata.resourceVersion;
    this.publish();
    if (!this.synced) {
      this.synced = true;
      for (const wake of this.syncWaiters.splice(0)) wake();
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    const query = { ...this.deps.query, resourceVersion: this.resourceVersion ?? '', allowWatchBookmarks: 'true', timeoutSeconds: '300' };
    await this.deps.client.watch<T>(this.deps.path, query, (event) => this.apply(event), signal, this.deps.idleMs);
  }

  private apply(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') {
      // A Status in the stream; `410 Gone` (reason Expired): the resourceVersion is too old.
      const status = event.object as unknown as { code?: number; reason?: string; message?: string };
      throw new ApiError(status.code ?? 0, status.reason ?? 'WatchError', status.message ?? 'the watch ended with an error', `WATCH ${this.deps.path}`);
    }
    const rv = event.object.metadata.resourceVersion;
    if (rv !== undefined) this.resourceVersion = rv;
    if (event.type === 'BOOKMARK') return;
    if (event.type === 'DELETED') this.items.delete(event.object.metadata.uid);
    else this.items.set(event.object.metadata.uid, event.object);
    this.publish();
  }

  private publish(): void {
    try {
      this.deps.onSnapshot(this.items);
    } catch (err) {
      // A consumer's bug must not stop the watch.
      this.deps.log.error({ err, path: this.deps.path }, 'Failed to handle a watch snapshot');
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
