import type { Pod } from '../api/pod-types.js';
import { mustParseQuantity, quantityValue } from '../api/quantity.js';

export interface EmptyDirLimit {
  volume: string;
  limitBytes: number;
  /** As written in the manifest, for the message. */
  limitText: string;
}

/**
 * The disk emptyDir volumes whose usage the eviction manager watches: `medium: ""` with a sizeLimit
 * above zero. (A `medium: Memory` volume is a tmpfs whose `size=` already holds it.)
 */
export function emptyDirLimits(pod: Pod): EmptyDirLimit[] {
  return pod.spec.volumes.flatMap((v) => {
    const text = v.emptyDir?.sizeLimit;
    if (!v.emptyDir || v.emptyDir.medium !== '' || text === undefined) return [];
    const limitBytes = quantityValue(mustParseQuantity(text));
    return limitBytes > 0 ? [{ volume: v.name, limitBytes, limitText: text }] : [];
  });
}

/** k8s `pkg/kubelet/eviction/eviction_manager.go` `emptyDirMessageFmt` (its trailing space included). */
export function emptyDirEvictionMessage(volume: string, limitText: string): string {
  return `Usage of EmptyDir volume "${volume}" exceeds the limit "${limitText}". `;
}
