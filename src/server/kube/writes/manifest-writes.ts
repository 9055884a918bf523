/** What the API needs to write objects to the manifest directory (the daemon gives it; absent: writes are refused). */
export interface ManifestWrites {
  /** The manifest directory, resolved (the ManifestSource's own path: pod UIDs hash it). */
  dir: string;
  nodeName: string;
  /**
   * Reads the directory now (the ManifestSource's scan), so the answer shows the write applied;
   * `removedFile`, deleted on purpose, gets no vanished-file grace.
   */
  rescan(removedFile?: string): Promise<void>;
  /** A pod deleted through the API with a grace period other than its spec's (`--grace-period`). */
  deletionGrace?(podUid: string, seconds: number): void;
}

/** The resources whose objects the directory holds, so the API can write them. */
export const WRITABLE_RESOURCES = ['pods', 'configmaps', 'secrets', 'services'];
