/**
 * Image garbage collection as the kubelet decides it (k8s `pkg/kubelet/images/image_gc_manager.go`
 * `GarbageCollect`, `freeSpace`): when the image filesystem is used at or above the high threshold,
 * free enough to get back to the low threshold, deleting the images no container uses, least
 * recently used first, none detected less than `minAge` ago. Pure: the records of when each image
 * was first seen and last used are an input, and the updated records an output.
 */
export interface ImageGcPolicy {
  /** Percent of the image filesystem at which collection starts (kubelet --image-gc-high-threshold, 85); 100 = off. */
  highThresholdPercent: number;
  /** Percent it frees down to (--image-gc-low-threshold, 80). */
  lowThresholdPercent: number;
  /** An image first seen less than this long ago is kept (--image-minimum-gc-age, 2m). */
  minAgeMs: number;
  /** Only images with a tag under one of these repository prefixes are collected; none = every image. */
  repositories: readonly string[];
}

export interface EngineImage {
  id: string;
  repoTags: readonly string[];
  sizeBytes: number;
}

/** The kubelet's `imageRecord`. */
export interface ImageRecord {
  firstDetectedMs: number;
  /** 0 while no container has been seen using it. */
  lastUsedMs: number;
}

export interface ImageGcInput {
  images: readonly EngineImage[];
  /** Image IDs that any container of the engine uses (every agent's and every tool's, running or not). */
  inUse: ReadonlySet<string>;
  /** Image IDs never collected (the pause image). */
  pinned: ReadonlySet<string>;
  records: ReadonlyMap<string, ImageRecord>;
  fs: { capacityBytes: number; availableBytes: number };
  policy: ImageGcPolicy;
  nowMs: number;
}

export interface ImageGcPlan {
  records: Map<string, ImageRecord>;
  usagePercent: number;
  /** Bytes to free to reach the low threshold; 0 below the high threshold. */
  bytesToFree: number;
  /** In order; their sizes add up to at least bytesToFree when enough candidates exist. */
  remove: EngineImage[];
}

export function planImageGc(input: ImageGcInput): ImageGcPlan {
  const { images, inUse, nowMs, policy, fs } = input;
  // kubelet `detectImages`: a new image is recorded now; one in use is used now; gone images are forgotten.
  const records = new Map<string, ImageRecord>();
  for (const image of images) {
    const known = input.records.get(image.id) ?? { firstDetectedMs: nowMs, lastUsedMs: 0 };
    records.set(image.id, inUse.has(image.id) ? { ...known, lastUsedMs: nowMs } : known);
  }
  const usagePercent = fs.capacityBytes > 0 ? Math.round(100 - (fs.availableBytes * 100) / fs.capacityBytes) : 0;
  if (policy.highThresholdPercent >= 100 || usagePercent < policy.highThresholdPercent) return { records, usagePercent, bytesToFree: 0, remove: [] };
  const bytesToFree = Math.max(0, Math.ceil((fs.capacityBytes * (100 - policy.lowThresholdPercent)) / 100) - fs.availableBytes);
  const candidates = images
    .filter((image) => !inUse.has(image.id) && !input.pinned.has(image.id) && inScope(image, policy.repositories))
    .filter((image) => nowMs - records.get(image.id)!.firstDetectedMs >= policy.minAgeMs)
    .sort((a, b) => {
      const ra = records.get(a.id)!;
      const rb = records.get(b.id)!;
      return ra.lastUsedMs - rb.lastUsedMs || ra.firstDetectedMs - rb.firstDetectedMs || (a.id < b.id ? -1 : 1);
    });
  const remove: EngineImage[] = [];
  let freed = 0;
  for (const image of candidates) {
    if (freed >= bytesToFree) break;
    remove.push(image);
    freed += image.sizeBytes;
  }
  return { records, usagePercent, bytesToFree, remove };
}

/** Every tag must be under a collected repository: an image shared with another tool's name stays. */
function inScope(image: EngineImage, repositories: readonly string[]): boolean {
  if (repositories.length === 0) return true;
  return image.repoTags.length > 0 && image.repoTags.every((tag) => repositories.some((prefix) => tag.startsWith(prefix)));
}
