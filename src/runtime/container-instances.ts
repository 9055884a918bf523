import type { ObservedContainer } from './types.js';

/** Newest first: highest attempt, then latest creation. */
export function newestFirst(a: ObservedContainer, b: ObservedContainer): number {
  return b.attempt - a.attempt || b.createdAt - a.createdAt;
}

/** A pod's observed containers grouped by Kubernetes container name, newest first. */
export function instancesByName(containers: readonly ObservedContainer[], kind: ObservedContainer['kind']): Map<string, ObservedContainer[]> {
  const byName = new Map<string, ObservedContainer[]>();
  for (const c of containers) {
    if (c.kind !== kind) continue;
    let list = byName.get(c.containerName);
    if (!list) byName.set(c.containerName, (list = []));
    list.push(c);
  }
  for (const list of byName.values()) list.sort(newestFirst);
  return byName;
}

/** The restartCount the next instance of a container gets. */
export function nextAttempt(instances: readonly ObservedContainer[] | undefined): number {
  const newest = instances?.[0];
  return newest ? newest.attempt + 1 : 0;
}
