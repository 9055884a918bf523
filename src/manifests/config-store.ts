import { isDeepStrictEqual } from 'node:util';
import { type ConfigLookup, type ConfigMap, type ConfigObject, type Secret, configObjectKey } from '../api/config-object-types.js';

/** One ConfigMap or Secret and when the agent first saw it (its creationTimestamp, for AGE). */
export interface StoredConfigObject {
  object: ConfigObject;
  createdMs: number;
}

/**
 * The ConfigMaps and Secrets of the manifest directory, the one copy the agent reads (the
 * kubelet's configMap and secret managers). `replace` takes each new snapshot and says which
 * objects changed, so the pods that use them are synced again.
 */
export class ConfigStore implements ConfigLookup {
  private readonly objects = new Map<string, StoredConfigObject>();

  constructor(private readonly now: () => number) {}

  /** The new full set; returns the keys (`configObjectKey`) added, changed or removed. */
  replace(objects: readonly ConfigObject[]): string[] {
    const next = new Map<string, ConfigObject>();
    for (const o of objects) next.set(configObjectKey(o.kind, o.metadata.namespace, o.metadata.name), o);
    const changed: string[] = [];
    for (const key of this.objects.keys()) {
      if (next.has(key)) continue;
      this.objects.delete(key);
      changed.push(key);
    }
    for (const [key, object] of next) {
      const stored = this.objects.get(key);
      if (stored && isDeepStrictEqual(stored.object, object)) continue;
      this.objects.set(key, { object, createdMs: stored?.createdMs ?? this.now() });
      changed.push(key);
    }
    return changed;
  }

  configMap(namespace: string, name: string): ConfigMap | undefined {
    const object = this.objects.get(configObjectKey('ConfigMap', namespace, name))?.object;
    return object?.kind === 'ConfigMap' ? object : undefined;
  }

  secret(namespace: string, name: string): Secret | undefined {
    const object = this.objects.get(configObjectKey('Secret', namespace, name))?.object;
    return object?.kind === 'Secret' ? object : undefined;
  }

  /** Every object of a kind, by namespace then name. */
  list(kind: 'ConfigMap' | 'Secret'): StoredConfigObject[] {
    return [...this.objects.values()]
      .filter((s) => s.object.kind === kind)
      .sort((a, b) => compare(a.object.metadata.namespace, b.object.metadata.namespace) || compare(a.object.metadata.name, b.object.metadata.name));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
