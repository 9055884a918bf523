import type { ObservedContainer } from '../runtime/types.js';

/**
 * kubelet `syncFrequency` (1 min): how often a relist syncs every pod, changed or not, as the
 * kubelet resyncs each pod worker. Between two, a relist syncs only the pods it finds changed.
 */
export const FULL_RESYNC_MS = 60_000;

/** Per pod UID, its containers as one relist listed them: IDs and states, sorted. */
export type PodFingerprints = ReadonlyMap<string, string>;

/** What the kubelet's PLEG compares between two relists (`generateEvents`): each container's ID and state, per pod. */
export function podFingerprints(containers: readonly ObservedContainer[]): Map<string, string> {
  const byPod = new Map<string, string[]>();
  for (const c of containers) {
    const list = byPod.get(c.podUid) ?? [];
    list.push(`${c.id}:${c.state}`);
    byPod.set(c.podUid, list);
  }
  return new Map([...byPod].map(([uid, list]) => [uid, list.sort().join(',')]));
}

export interface RelistInput {
  /** The previous relist's fingerprints; undefined before the first relist. */
  previous: PodFingerprints | undefined;
  current: PodFingerprints;
  /** The UIDs of the pods the manifests want. */
  desired: ReadonlySet<string>;
  /** The pod directories on disk (`<root-dir>/pods/<uid>`). */
  onDisk: readonly string[];
  /** A full resync is due (`FULL_RESYNC_MS`). */
  full: boolean;
}

/**
 * The pods a relist syncs (kubelet PLEG relist: only the pods whose containers changed get an
 * event). Docker events wake a pod as things happen; the relist is the net behind them, so it
 * syncs a pod whose containers changed since the last relist (a container new, gone or in another
 * state), a pod not wanted any more that still has containers or a directory (it is being torn
 * down or was left behind), and a wanted pod with no container (it waits to start: admission, a
 * host port, an image). A wanted pod whose containers did not change is left alone unless `full`.
 * The first relist syncs everything.
 */
export function podsToRelist(input: RelistInput): string[] {
  const { previous, current, desired, onDisk, full } = input;
  const all = new Set([...current.keys(), ...desired, ...onDisk]);
  if (full || previous === undefined) return [...all];
  for (const uid of previous.keys()) all.add(uid);
  return [...all].filter((uid) => !desired.has(uid) || !current.has(uid) || current.get(uid) !== previous.get(uid));
}
