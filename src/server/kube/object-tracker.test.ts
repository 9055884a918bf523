import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from './kube-object.js';
import { ObjectTracker } from './object-tracker.js';
import { ResourceVersions } from './resource-versions.js';

function pod(name: string, phase: string, labels: Record<string, string> = {}): KubeObject & { status: { phase: string } } {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, labels }, status: { phase } };
}

function setup() {
  const file = join(mkdtempSync(join(tmpdir(), 'rv-')), 'resource-version');
  let pods = [pod('a', 'Pending')];
  const tracker = new ObjectTracker(ResourceVersions.open(file), [{ key: 'pods', list: () => pods }]);
  return { tracker, file, set: (next: typeof pods) => (pods = next) };
}

const summary = (e: WatchEvent) => `${e.type} ${e.object.metadata.name} ${e.rv}`;

describe('ObjectTracker', () => {
  it('stamps each object with the version of its last change, and the list with the newest', () => {
    const { tracker, set } = setup();
    expect(tracker.list('pods').map((o) => o.metadata.resourceVersion)).toEqual(['1']);
    set([pod('a', 'Pending'), pod('b', 'Running')]);
    expect(tracker.list('pods').map((o) => o.metadata.resourceVersion)).toEqual(['1', '2']);
    expect(tracker.currentVersion()).toBe(2);
  });

  it('tells watchers ADDED, MODIFIED and DELETED, and nothing for an unchanged object', () => {
    const { tracker, set } = setup();
    tracker.list('pods');
    const seen: string[] = [];
    const w = tracker.watch('pods', undefined, (e) => seen.push(summary(e)));
    if (w === 'expired') throw new Error('expired');
    set([pod('a', 'Running'), pod('b', 'Pending')]);
    tracker.syncAll();
    tracker.syncAll();
    set([pod('b', 'Pending')]);
    tracker.syncAll();
    expect(seen).toEqual(['MODIFIED a 2', 'ADDED b 3', 'DELETED a 4']);
    w.stop();
  });

  it('replays the changes after a version, and answers expired before the history starts', () => {
    const { tracker, set, file } = setup();
    tracker.list('pods');
    set([pod('a', 'Running')]);
    tracker.syncAll();
    const resumed = tracker.watch('pods', 1, () => undefined);
    expect(resumed !== 'expired' && resumed.replay.map(summary)).toEqual(['MODIFIED a 2']);
    // A restarted agent starts above every version it handed out: old versions are expired.
    const restarted = new ObjectTracker(ResourceVersions.open(file), [{ key: 'pods', list: () => [pod('a', 'Running')] }]);
    expect(restarted.watch('pods', 2, () => undefined)).toBe('expired');
    expect(Number(restarted.list('pods')[0]!.metadata.resourceVersion)).toBeGreaterThan(2);
  });

  it('keeps versions monotonic across restarts through the persisted block', () => {
    const { file } = setup();
    const first = ResourceVersions.open(file);
    const last = [1, 2, 3].map(() => first.next()).at(-1)!;
    const second = ResourceVersions.open(file);
    expect(second.next()).toBeGreaterThan(last);
    expect(Number(readFileSync(file, 'utf8'))).toBeGreaterThan(second.current());
  });

  it('refuses a resource-version file that is not a number, naming it', () => {
    const { file } = setup();
    writeFileSync(file, 'garbage');
    expect(() => ResourceVersions.open(file)).toThrow(`${file} holds "garbage", not a number`);
  });
});
