import { describe, expect, it } from 'vitest';
import type { ObservedContainer } from '../runtime/types.js';
import { RelistSnapshots } from './relist-snapshots.js';

const container = (podUid: string, id: string) => ({ podUid, id, state: 'running' }) as ObservedContainer;
const LIST = [container('a', 'a1'), container('a', 'a2'), container('b', 'b1')];

describe('RelistSnapshots', () => {
  it("hands each pod's listed containers to its next sync, once", () => {
    const s = new RelistSnapshots();
    s.listed(s.listing(), ['a', 'b', 'c'], LIST);
    expect(s.take('a')?.map((c) => c.id)).toEqual(['a1', 'a2']);
    expect(s.take('a')).toBeUndefined();
    // A wanted pod with no container: listed as having none.
    expect(s.take('c')).toEqual([]);
    // Not asked for by this relist.
    expect(s.take('d')).toBeUndefined();
  });

  const cases: { name: string; run: (s: RelistSnapshots) => void; used: boolean }[] = [
    { name: 'touched before the list (its sync ended, an event came)', run: (s) => { s.touch('a'); s.listed(s.listing(), ['a'], LIST); }, used: true },
    { name: 'an event during the list', run: (s) => { const at = s.listing(); s.touch('a'); s.listed(at, ['a'], LIST); }, used: false },
    { name: 'an event after the list', run: (s) => { s.listed(s.listing(), ['a'], LIST); s.touch('a'); }, used: false },
    { name: 'a sync of its own under way during the list ends after it', run: (s) => { const at = s.listing(); s.listed(at, ['a'], LIST); s.touch('a'); }, used: false },
    { name: "another pod's event", run: (s) => { const at = s.listing(); s.touch('b'); s.listed(at, ['a', 'b'], LIST); }, used: true },
    { name: 'forgotten (the pod is gone)', run: (s) => { s.listed(s.listing(), ['a'], LIST); s.forget('a'); }, used: false },
    { name: 'an older list that ends after a newer one keeps nothing', run: (s) => { const older = s.listing(); const newer = s.listing(); s.touch('a'); s.listed(newer, [], LIST); s.listed(older, ['a'], LIST); }, used: false },
    { name: 'a newer list replaces the snapshots of older ones', run: (s) => { s.listed(s.listing(), ['a'], LIST); s.listed(s.listing(), ['b'], LIST); }, used: false },
    { name: 'touches pruned by a list do not revive an older one', run: (s) => { const older = s.listing(); s.touch('a'); s.listed(s.listing(), [], LIST); s.listed(older, ['a'], LIST); }, used: false },
  ];
  it.each(cases)('$name: used $used', ({ run, used }) => {
    const s = new RelistSnapshots();
    run(s);
    expect(s.take('a') !== undefined).toBe(used);
  });

  const newPod: { name: string; run: (s: RelistSnapshots) => void; taken: ObservedContainer[] | undefined }[] = [
    { name: 'a new pod the newest list had nothing of: none', run: (s) => { s.listed(s.listing(), [], LIST); s.unlisted('n'); }, taken: [] },
    { name: 'before any list: listed as usual', run: (s) => s.unlisted('n'), taken: undefined },
    { name: 'the newest list had containers of it: listed as usual', run: (s) => { s.listed(s.listing(), [], LIST); s.unlisted('a'); }, taken: undefined },
    { name: 'a sync of it ended after the newest list (asked for, dropped, asked for again)', run: (s) => { s.listed(s.listing(), [], LIST); s.touch('n'); s.unlisted('n'); }, taken: undefined },
    { name: 'an event about it after the newest list', run: (s) => { s.listed(s.listing(), [], LIST); s.unlisted('n'); s.touch('n'); }, taken: undefined },
    { name: 'a list under way when it was asked for, listing nothing of it', run: (s) => { s.listed(s.listing(), [], LIST); const at = s.listing(); s.unlisted('n'); s.listed(at, [], LIST); }, taken: undefined },
  ];
  it.each(newPod)('$name', ({ run, taken }) => {
    const s = new RelistSnapshots();
    run(s);
    expect(s.take('n')).toEqual(taken);
  });
});
