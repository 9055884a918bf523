import { describe, expect, it } from 'vitest';
import { computeEngineOom, computeOomKills } from './oom-kills.js';

describe('computeOomKills (a read of the oom_kill counter)', () => {
  it.each([
    ['no counter (old kernel, cgroup gone): nothing, the last count kept', 2, undefined, true, { newKills: 0, seen: 2 }],
    ['first read of a container begun after the agent: every kill is new', undefined, 1, true, { newKills: 1, seen: 1 }],
    ['first read of an adopted container: its earlier kills are not reported again', undefined, 3, false, { newKills: 0, seen: 3 }],
    ['unchanged', 1, 1, true, { newKills: 0, seen: 1 }],
    ['two more kills (children OOM-killed while PID 1 runs on)', 1, 3, true, { newKills: 2, seen: 3 }],
    ['a count below the one seen (owed to an engine event): nothing', 2, 1, true, { newKills: 0, seen: 2 }],
  ])('%s', (_, seen, current, after, expected) => {
    expect(computeOomKills(seen, current, after)).toEqual(expected);
  });
});

describe("computeEngineOom (Docker's oom event, then a read)", () => {
  it.each([
    ['the counter shows the kill', 0, 1, { newKills: 1, seen: 1 }],
    ['no counter (kernel before 4.13): the engine is believed, one kill', undefined, undefined, { newKills: 1, seen: 1 }],
    ['the cgroup is gone (PID 1 was the one killed): the engine is believed', 0, undefined, { newKills: 1, seen: 1 }],
  ])('%s', (_, seen, current, expected) => {
    expect(computeEngineOom(seen, current, true, false)).toEqual(expected);
  });

  it.each([
    ['the cgroup is gone, a kill of this container reported a moment ago: a second signal of that OOM, nothing', 1, undefined, { newKills: 0, seen: 1 }],
    ['the counter shows one more: believed, however recent the last report', 1, 2, { newKills: 1, seen: 2 }],
  ])('%s', (_, seen, current, expected) => {
    expect(computeEngineOom(seen, current, true, true)).toEqual(expected);
  });

  it('does not report again, at a later counter read, a kill the engine\'s word reported', () => {
    const onEngineWord = computeEngineOom(undefined, undefined, true, false);
    expect(computeOomKills(onEngineWord.seen, 1, true)).toEqual({ newKills: 0, seen: 1 });
  });

  it.each([
    ['nothing new (a second signal for one OOM, or a relist read it first): nothing more', 1, 1, { newKills: 0, seen: 1 }],
    ['a container never read (begun after the agent): every kill counted is new', undefined, 1, { newKills: 1, seen: 1 }],
  ])('%s', (_, seen, current, expected) => {
    expect(computeEngineOom(seen, current, true, false)).toEqual(expected);
  });
});
