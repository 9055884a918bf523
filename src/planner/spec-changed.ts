/** The desired spec hashes a running container is compared with. */
export interface SpecHashes {
  /** Hash of each desired container spec, by container name (init and app). */
  specHashes?: ReadonlyMap<string, string>;
  /** The hash minikubelet 0.1 gave the same spec: a container labelled with it is adopted, not restarted. */
  legacySpecHashes?: ReadonlyMap<string, string>;
}

/**
 * Whether a running container's recorded hash says its spec changed (kubelet
 * `containerChanged`, kuberuntime_manager.go). A container with no recorded hash, or one that
 * matches today's or the previous version's hash of the desired spec, has not changed.
 */
export function specChanged(hashes: SpecHashes, name: string, observedHash: string): boolean {
  const want = hashes.specHashes?.get(name);
  if (!want || !observedHash || observedHash === want) return false;
  return observedHash !== hashes.legacySpecHashes?.get(name);
}
