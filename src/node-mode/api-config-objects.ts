import type { Logger } from 'pino';
import { type ConfigLookup, type ConfigMap, type ConfigObject, type Secret, configObjectKey } from '../api/config-object-types.js';
import { decodeConfigObject } from '../api/decode-config-object.js';
import type { KubeClient } from './kube-client.js';
import { type KubeItem, ListWatch } from './list-watch.js';

interface Followed {
  watch: ListWatch<KubeItem>;
  object: ConfigObject | undefined;
  startedMs: number;
}

/** How long a new pod's first sync waits for the objects it names to be listed once. */
const FIRST_LIST_WAIT_MS = 5_000;

/**
 * The ConfigMaps and Secrets API pods use, read from the API server (the kubelet's watch-based
 * configMap/secret managers): one list+watch per object, by name in the pod's namespace
 * (`fieldSelector=metadata.name=`, what the Node authorizer allows a node), kept while a pod
 * references it. A missing object reads as absent: the pod waits with `CreateContainerConfigError`
 * until it appears, and `onChanged` syncs its pods again when it does or changes.
 */
export class ApiConfigObjects implements ConfigLookup {
  private readonly followed = new Map<string, Followed>();

  constructor(private readonly deps: { client: KubeClient; log: Logger; onChanged: (keys: string[]) => void }) {}

  /** Follows exactly `keys` (`configObjectKey`s); waits (bounded) for the new ones' first list. */
  async follow(keys: ReadonlySet<string>): Promise<void> {
    for (const [key, f] of this.followed) {
      if (keys.has(key)) continue;
      this.followed.delete(key);
      void f.watch.stop();
    }
    for (const key of keys) if (!this.followed.has(key)) this.startWatch(key);
    // New watches, and recent ones still refused: the Node authorizer learns of a pod's objects a
    // moment after the pod is bound (403 "no relationship found" until then).
    const now = Date.now();
    const waiting = [...keys].map((k) => this.followed.get(k)).filter((f): f is Followed => f !== undefined && !f.watch.isSynced() && now - f.startedMs < FIRST_LIST_WAIT_MS);
    if (waiting.length === 0) return;
    await Promise.race([Promise.all(waiting.map((f) => f.watch.hasSynced())), new Promise((resolve) => setTimeout(resolve, FIRST_LIST_WAIT_MS).unref())]);
  }

  configMap(namespace: string, name: string): ConfigMap | undefined {
    const object = this.followed.get(configObjectKey('ConfigMap', namespace, name))?.object;
    return object?.kind === 'ConfigMap' ? object : undefined;
  }

  secret(namespace: string, name: string): Secret | undefined {
    const object = this.followed.get(configObjectKey('Secret', namespace, name))?.object;
    return object?.kind === 'Secret' ? object : undefined;
  }

  async stop(): Promise<void> {
    const watches = [...this.followed.values()].map((f) => f.watch.stop());
    this.followed.clear();
    await Promise.all(watches);
  }

  private startWatch(key: string): void {
    const [type, namespace, name] = key.split('/');
    if (!namespace || !name) return;
    const kind = type === 'configmap' ? 'ConfigMap' : 'Secret';
    const entry: Followed = {
      object: undefined,
      startedMs: Date.now(),
      watch: new ListWatch<KubeItem>({
        client: this.deps.client,
        path: `/api/v1/namespaces/${namespace}/${kind === 'ConfigMap' ? 'configmaps' : 'secrets'}`,
        query: { fieldSelector: `metadata.name=${name}` },
        log: this.deps.log,
        onSnapshot: (items) => {
          const next = this.decode(kind, [...items.values()][0], key);
          if (JSON.stringify(next) === JSON.stringify(entry.object)) return;
          entry.object = next;
          if (this.followed.get(key) === entry) this.deps.onChanged([key]);
        },
      }),
    };
    this.followed.set(key, entry);
    entry.watch.start();
  }

  private decode(kind: 'ConfigMap' | 'Secret', item: KubeItem | undefined, key: string): ConfigObject | undefined {
    if (!item) return undefined;
    const { metadata, ...rest } = item as KubeItem & Record<string, unknown>;
    const m = metadata as { name: string; namespace?: string; labels?: unknown; annotations?: unknown };
    const decoded = decodeConfigObject({ ...rest, apiVersion: 'v1', kind, metadata: { name: m.name, namespace: m.namespace, labels: m.labels, annotations: m.annotations } });
    const errors = decoded.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0 || !decoded.object) {
      this.deps.log.warn({ object: key, problems: errors.map((p) => `${p.path}: ${p.message}`) }, 'Could not read an object from the API server; pods that use it wait');
      return undefined;
    }
    return decoded.object;
  }
}
