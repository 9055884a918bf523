import type { ObservedPod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';

/**
 * Pods the engine has containers of, as last observed: their `namespace/name` (a new pod of the same
 * name waits for an old one) and their oldest container (their place in the admission order after
 * an agent restart).
 */
export class LivePods {
  private readonly names = new Map<string, string>();
  private readonly since = new Map<string, number>();

  has(uid: string): boolean {
    return this.names.has(uid);
  }

  uids(): string[] {
    return [...this.names.keys()];
  }

  /** The pods with containers under this `namespace/name`. */
  uidsWithName(fullName: string): string[] {
    return [...this.names].filter(([, name]) => name === fullName).map(([uid]) => uid);
  }

  firstSeen(uid: string): number | undefined {
    return this.since.get(uid);
  }

  /** Every pod of a full list (the relist): pods not in it are gone. */
  replace(containers: readonly ObservedContainer[]): void {
    this.names.clear();
    for (const c of containers) this.names.set(c.podUid, `${c.podNamespace}/${c.podName}`);
  }

  /** A full list at start: names and the oldest container of each pod. */
  adopt(containers: readonly ObservedContainer[]): void {
    for (const c of containers) {
      this.names.set(c.podUid, `${c.podNamespace}/${c.podName}`);
      this.since.set(c.podUid, Math.min(this.since.get(c.podUid) ?? Infinity, c.createdAt));
    }
  }

  note(observed: ObservedPod): void {
    if (observed.fullName !== undefined) this.names.set(observed.uid, observed.fullName);
    else this.names.delete(observed.uid);
  }

  delete(uid: string): void {
    this.names.delete(uid);
  }

  /** A pod other than `uid` with this full name that `isDesired` does not want: the one to wait for. */
  olderWithName(uid: string, fullName: string, isDesired: (uid: string) => boolean): string | undefined {
    for (const [other, name] of this.names) if (other !== uid && name === fullName && !isDesired(other)) return other;
    return undefined;
  }
}
