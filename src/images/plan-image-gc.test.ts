import { describe, expect, it } from 'vitest';
import { type EngineImage, type ImageGcInput, type ImageRecord, planImageGc } from './plan-image-gc.js';

const MIN = 60_000;
const NOW = 100 * MIN;
const MB = 2 ** 20;
const image = (id: string, sizeMb = 100, tags = [`example.org/app/${id}:1`]): EngineImage => ({ id, repoTags: tags, sizeBytes: sizeMb * MB });
const old = (lastUsedMin = 0): ImageRecord => ({ firstDetectedMs: 0, lastUsedMs: lastUsedMin * MIN });

function plan(over: Partial<ImageGcInput> & { usedPercent?: number }) {
  const capacityBytes = 10_000 * MB;
  const usedPercent = over.usedPercent ?? 90;
  return planImageGc({
    images: [], inUse: new Set(), pinned: new Set(), records: new Map(), nowMs: NOW,
    fs: { capacityBytes, availableBytes: (capacityBytes * (100 - usedPercent)) / 100 },
    policy: { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 2 * MIN, repositories: [] },
    ...over,
  });
}

describe('planImageGc (kubelet image_gc_manager)', () => {
  const images = [image('a', 600), image('b', 600), image('c', 600)];
  const records = new Map([['a', old(30)], ['b', old(10)], ['c', old(20)]]);

  it('does nothing below the high threshold', () => {
    expect(plan({ images, records, usedPercent: 84 }).remove).toEqual([]);
  });
  it('frees down to the low threshold, least recently used first', () => {
    // 90% used of 10000 MB: 1000 MB to free to reach 80%.
    const p = plan({ images, records });
    expect(p.bytesToFree).toBe(1000 * MB);
    expect(p.remove.map((i) => i.id)).toEqual(['b', 'c']);
  });
  it('never removes an image a container uses (any agent or tool), nor a pinned one (the pause image)', () => {
    expect(plan({ images, records, inUse: new Set(['b']), pinned: new Set(['c']) }).remove.map((i) => i.id)).toEqual(['a']);
  });
  it('keeps images first seen less than the minimum age ago (just pulled)', () => {
    const fresh = new Map([...records, ['b', { firstDetectedMs: NOW - MIN, lastUsedMs: 0 }]]);
    expect(plan({ images, records: fresh }).remove.map((i) => i.id)).toEqual(['c', 'a']);
  });
  it('records a new image as detected now, and an image in use as used now', () => {
    const p = plan({ images: [image('new'), image('used')], inUse: new Set(['used']), records: new Map([['used', old(5)]]), usedPercent: 10 });
    expect(Object.fromEntries(p.records)).toEqual({ new: { firstDetectedMs: NOW, lastUsedMs: 0 }, used: { firstDetectedMs: 0, lastUsedMs: NOW } });
  });
  it('a new image is not removed on the pass that first sees it (minimum age)', () => {
    expect(plan({ images: [image('new')] }).remove).toEqual([]);
  });
  it('is off at a high threshold of 100 (kubelet: "set to 100 to disable")', () => {
    expect(plan({ images, records, usedPercent: 100, policy: { highThresholdPercent: 100, lowThresholdPercent: 80, minAgeMs: 0, repositories: [] } }).remove).toEqual([]);
  });
  it('with repositories, only images all of whose tags are under them (untagged images stay)', () => {
    const scoped = [image('mine', 600, ['gc-test/x:1']), image('shared', 600, ['gc-test/y:1', 'other/y:1']), image('dangling', 600, []), image('theirs', 600, ['other/z:1'])];
    const all = new Map(scoped.map((i) => [i.id, old()]));
    expect(plan({ images: scoped, records: all, policy: { highThresholdPercent: 0, lowThresholdPercent: 0, minAgeMs: 0, repositories: ['gc-test/'] } }).remove.map((i) => i.id)).toEqual(['mine']);
  });
});
