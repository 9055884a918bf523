import type { Logger } from 'pino';
import { type ImageGcPolicy, type ImageRecord, planImageGc } from '../images/plan-image-gc.js';
import type { FilesystemStats } from '../node/disk-pressure.js';
import type { EngineImages } from '../runtime/docker/engine-images.js';

/** kubelet `ImageGCPeriod`. */
export const IMAGE_GC_PERIOD_MS = 5 * 60_000;

export interface ImageGcDeps {
  images: EngineImages;
  /** statfs of the engine's data root (imagefs). */
  imagefs: () => Promise<FilesystemStats>;
  pauseImage: string;
  policy: ImageGcPolicy;
  log: Logger;
  now: () => number;
}

/**
 * The kubelet's image garbage collector (`image_gc_manager.go`): a pass at start and every 5 min
 * decides with `planImageGc` and deletes, one image at a time, what it chose. The records of when
 * each image was first seen and last used live in memory, as the kubelet's do: after an agent
 * restart no image is deleted before the minimum age has passed again.
 */
export class ImageGarbageCollector {
  private records = new Map<string, ImageRecord>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly deps: ImageGcDeps) {}

  start(periodMs = IMAGE_GC_PERIOD_MS): void {
    void this.collect();
    this.timer = setInterval(() => void this.collect(), periodMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Under imagefs pressure, before evicting pods (kubelet `DeleteUnusedImages`, the eviction
   * manager's node-level reclaim): every unused image of the scope past the minimum age, whatever
   * the thresholds say.
   */
  reclaim(): Promise<void> {
    return this.collect({ ...this.deps.policy, highThresholdPercent: 0, lowThresholdPercent: 0 });
  }

  /** One pass; never throws (a failure is logged, the next pass tries again). */
  async collect(policy: ImageGcPolicy = this.deps.policy): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { log } = this.deps;
    try {
      const [images, inUse, fs, pauseId] = await Promise.all([this.deps.images.list(), this.deps.images.inUse(), this.deps.imagefs(), this.deps.images.idOf(this.deps.pauseImage)]);
      const plan = planImageGc({
        images, inUse, pinned: new Set(pauseId ? [pauseId] : []), records: this.records, fs, policy, nowMs: this.deps.now(),
      });
      this.records = plan.records;
      if (plan.bytesToFree === 0) return;
      log.info({ usagePercent: plan.usagePercent, highThresholdPercent: policy.highThresholdPercent, bytesToFree: plan.bytesToFree, candidates: plan.remove.length }, 'Image filesystem above the high threshold: deleting unused images');
      let freed = 0;
      for (const image of plan.remove) {
        try {
          await this.deps.images.remove(image.id);
          freed += image.sizeBytes;
          this.records.delete(image.id);
          log.info({ imageId: image.id, tags: image.repoTags, sizeBytes: image.sizeBytes }, 'Deleted unused image');
        } catch (err) {
          log.warn({ imageId: image.id, tags: image.repoTags, err: { message: (err as Error).message } }, 'Failed to delete unused image');
        }
      }
      // kubelet: "Failed to garbage collect required amount of images. Attempted to free X bytes, but only found Y bytes eligible to free."
      if (freed < plan.bytesToFree) log.warn({ bytesToFree: plan.bytesToFree, freedBytes: freed }, 'Image GC could not free the required amount: not enough unused images');
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'Image garbage collection failed');
    } finally {
      this.running = false;
    }
  }
}
