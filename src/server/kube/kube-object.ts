/** Any object the Kubernetes API serves, as this server handles it generically. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
  };
}

/** One change of a watched collection, as the watch stream sends it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The resourceVersion of this change (the object carries it too). */
  rv: number;
  object: KubeObject;
  /** The object before a MODIFIED (a selector that stopped matching turns it into DELETED). */
  previous?: KubeObject;
}

export function withResourceVersion<T extends KubeObject>(object: T, rv: number): T {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
}
