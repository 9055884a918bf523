import type { Pod, Volume } from '../api/pod-types.js';
import { mustParseQuantity, quantityValue } from '../api/quantity.js';
import { makePodResources } from '../cgroups/pod-resources.js';

/**
 * The `size=` of a `medium: Memory` emptyDir's tmpfs (kubelet `calculateEmptyDirMemorySize`,
 * pkg/volume/emptydir/empty_dir.go, SizeMemoryBackedVolumes): the node's allocatable memory,
 * lowered to the pod's memory limit when it has one (a pod-level `spec.resources` limit, or every
 * container limited: `ResourceConfigForPod`), lowered to the volume's sizeLimit when that is
 * smaller still.
 */
export function emptyDirMemorySize(pod: Pod, volume: Volume, nodeAllocatableBytes: number): number {
  let size = nodeAllocatableBytes;
  const podLimit = makePodResources(pod).memory;
  if (podLimit !== undefined && podLimit > 0 && podLimit <= size) size = podLimit;
  const sizeLimit = volume.emptyDir?.sizeLimit;
  if (sizeLimit !== undefined) {
    const bytes = quantityValue(mustParseQuantity(sizeLimit));
    if (bytes > 0 && bytes <= size) size = bytes;
  }
  return size;
}
