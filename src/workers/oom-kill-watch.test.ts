import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import type { EventInput } from '../status/event-recorder.js';
import { makeContainer, makePod, observed } from '../status/testing/fixtures.js';
import { OomKillWatch } from './oom-kill-watch.js';

const START = 1_000_000;
const pod = makePod({ containers: [makeContainer('hog')] });

function setup(version: 1 | 2) {
  const counts = new Map<string, number | undefined>();
  const reads: string[] = [];
  const recorded: Array<[string, EventInput]> = [];
  const watch = new OomKillWatch({
    counters: {
      containerOomKills: (_pod: Pod, id: string) => {
        reads.push(id);
        return Promise.resolve(counts.get(id));
      },
    },
    cgroupVersion: version, agentStartMs: START, record: (uid, event) => recorded.push([uid, event]), recheckMs: 1,
  });
  const container = (id: string, createdAt: number): ObservedContainer => ({ ...observed('app', 'hog'), id, createdAt, state: 'running', podUid: pod.metadata.uid });
  return { counts, reads, recorded, watch, container, podOf: () => pod };
}

describe('OomKillWatch', () => {
  it('cgroup v2: a child OOM-killed with no engine event is read at the next relist, once', async () => {
    const { counts, recorded, watch, container, podOf } = setup(2);
    const c = container('c1', START + 5);
    counts.set('c1', 0);
    await watch.relisted([c], podOf);
    counts.set('c1', 1);
    await watch.relisted([c], podOf);
    await watch.relisted([c], podOf);
    expect(recorded.map(([, e]) => e.reason)).toEqual(['OOMKilling']);
    // A late engine event for the same kill adds nothing.
    await watch.engineOom(c, pod);
    expect(recorded).toHaveLength(1);
  });

  it('cgroup v1: the engine event reports; a relist reads only containers an earlier agent started, once', async () => {
    const { counts, reads, recorded, watch, container, podOf } = setup(1);
    const mine = container('new', START + 5);
    const adopted = container('old', START - 5);
    counts.set('new', 0).set('old', 2);
    await watch.relisted([mine, adopted], podOf);
    await watch.relisted([mine, adopted], podOf);
    expect(reads).toEqual(['old']);
    expect(recorded).toHaveLength(0);
    counts.set('new', 1);
    await watch.engineOom(mine, pod);
    // One OOM signalled twice: the counter says one kill.
    await watch.engineOom(mine, pod);
    counts.set('old', 3);
    await watch.engineOom(adopted, pod);
    expect(recorded.map(([uid, e]) => [uid, e.message])).toEqual([
      [pod.metadata.uid, 'Memory cgroup out of memory: a process of container hog was killed'],
      [pod.metadata.uid, 'Memory cgroup out of memory: a process of container hog was killed'],
    ]);
  });

  it('cgroup v1: an engine event before the kill is counted reads again shortly, and reports it once', async () => {
    const { counts, recorded, watch, container } = setup(1);
    const c = container('c1', START + 5);
    counts.set('c1', 0);
    const event = watch.engineOom(c, pod);
    counts.set('c1', 1);
    await event;
    expect(recorded).toHaveLength(1);
  });

  it('cgroup v1: PID 1 killed, its cgroup gone before the kill is counted: the recheck believes the engine, once', async () => {
    const { counts, recorded, watch, container } = setup(1);
    const c = container('c1', START + 5);
    counts.set('c1', 0);
    const first = watch.engineOom(c, pod);
    const second = watch.engineOom(c, pod);
    counts.set('c1', undefined);
    await Promise.all([first, second]);
    expect(recorded).toHaveLength(1);
  });

  it('a second signal of one OOM after the cgroup went (the counter showed the kill) adds nothing', async () => {
    const { counts, recorded, watch, container } = setup(1);
    const c = container('c1', START + 5);
    counts.set('c1', 1);
    await watch.engineOom(c, pod);
    counts.set('c1', undefined);
    await watch.engineOom(c, pod);
    expect(recorded).toHaveLength(1);
  });

  it('without counters (no cgroup layout), an engine event is one kill, a second signal moments later is the same; sandboxes never report', async () => {
    const recorded: EventInput[] = [];
    let now = 0;
    const watch = new OomKillWatch({ cgroupVersion: 1, agentStartMs: 0, record: (_uid, e) => recorded.push(e), now: () => now });
    const hog = { ...observed('app', 'hog'), createdAt: 5 };
    await watch.engineOom(hog, pod);
    now += 100;
    await watch.engineOom(hog, pod);
    expect(recorded).toHaveLength(1);
    now += 10_000;
    await watch.engineOom(hog, pod);
    await watch.engineOom({ ...observed('sandbox', 'POD'), createdAt: 5 }, pod);
    expect(recorded).toHaveLength(2);
  });
});
