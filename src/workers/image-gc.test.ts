import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { EngineImage } from '../images/plan-image-gc.js';
import type { EngineImages } from '../runtime/docker/engine-images.js';
import { ImageGarbageCollector } from './image-gc.js';

const MB = 2 ** 20;

/** An engine with images (some in use) whose removals are recorded; `refuse` fails one like a 409. */
function engine(images: EngineImage[], inUse: string[], refuse?: string): EngineImages & { removed: string[] } {
  const removed: string[] = [];
  return {
    removed,
    list: () => Promise.resolve(images.filter((i) => !removed.includes(i.id))),
    inUse: () => Promise.resolve(new Set(inUse)),
    idOf: (ref) => Promise.resolve(ref === 'pause:3.10' ? 'pause' : undefined),
    remove: (id) => (id === refuse ? Promise.reject(new Error('conflict: image is being used by a container')) : Promise.resolve(void removed.push(id))),
  };
}

function collector(images: EngineImages, now: { ms: number }, usedPercent = 90) {
  const lines: Array<{ msg: string }> = [];
  const log = pino({}, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) });
  const gc = new ImageGarbageCollector({
    images, pauseImage: 'pause:3.10', log, now: () => now.ms,
    imagefs: () => Promise.resolve({ capacityBytes: 1000 * MB, availableBytes: ((100 - usedPercent) * 1000 * MB) / 100, inodes: 0, inodesFree: 0 }),
    policy: { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 120_000, repositories: [] },
  });
  return { gc, lines };
}

describe('ImageGarbageCollector', () => {
  const images = [
    { id: 'pause', repoTags: ['pause:3.10'], sizeBytes: 100 * MB },
    { id: 'used', repoTags: ['app:1'], sizeBytes: 100 * MB },
    { id: 'old', repoTags: ['old:1'], sizeBytes: 50 * MB },
    { id: 'older', repoTags: ['older:1'], sizeBytes: 50 * MB },
  ];

  it('deletes nothing on its first pass (every image just seen), then unused images past the minimum age', async () => {
    const now = { ms: 0 };
    const e = engine(images, ['used']);
    const { gc } = collector(e, now);
    await gc.collect();
    expect(e.removed).toEqual([]);
    now.ms = 3 * 60_000;
    await gc.collect();
    expect(e.removed.sort()).toEqual(['old', 'older']);
  });

  it('goes on past an image the engine refuses to delete, and says it could not free enough', async () => {
    const now = { ms: 0 };
    const e = engine(images, ['used'], 'old');
    const { gc, lines } = collector(e, now);
    await gc.collect();
    now.ms = 3 * 60_000;
    await gc.collect();
    expect(e.removed).toEqual(['older']);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Failed to delete unused image', 'Image GC could not free the required amount: not enough unused images']));
  });

  it('reclaim (imagefs pressure) deletes every unused image past the minimum age, below the high threshold too', async () => {
    const now = { ms: 0 };
    const e = engine(images, ['used']);
    const { gc } = collector(e, now, 10);
    await gc.collect();
    now.ms = 3 * 60_000;
    await gc.collect();
    expect(e.removed).toEqual([]);
    await gc.reclaim();
    expect(e.removed.sort()).toEqual(['old', 'older']);
  });

  it('never throws: an engine that fails is logged', async () => {
    const failing = { ...engine(images, []), list: () => Promise.reject(new Error('connect ENOENT /var/run/docker.sock')) };
    const { gc, lines } = collector(failing, { ms: 0 });
    await expect(gc.collect()).resolves.toBeUndefined();
    expect(lines.map((l) => l.msg)).toContain('Image garbage collection failed');
  });
});
