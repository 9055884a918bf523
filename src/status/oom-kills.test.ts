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
    ['v1: the counter shows the kill', 0, 1, false, { newKills: 1, seen: 1 }],
    ['v1: no counter (kernel before 4.13): the engine is believed, one kill', undefined, undefined, false, { newKills: 1, seen: undefined }],
    ['v1: not counted yet (signalled before the kill): one kill, owed by the next read', 0, 0, false, { newKills: 1, seen: 1 }],
    ['v1: a container never read (begun after the agent): every kill counted is new', undefined, 1, false, { newKills: 1, seen: 1 }],
    ['v2: the counter shows the kill', 0, 1, true, { newKills: 1, seen: 1 }],
    ['v2: nothing new (a relist read it first): nothing more', 1, 1, true, { newKills: 0, seen: 1 }],
    ['v2: the cgroup is gone (PID 1 was the one killed): the engine is believed', 0, undefined, true, { newKills: 1, seen: 0 }],
  ])('%s', (_, seen, current, v2, expected) => {
    expect(computeEngineOom(seen, current, true, v2)).toEqual(expected);
  });

  it('v1: an engine event before the kill is counted, then the read that counts it: reported once', () => {
    const event = computeEngineOom(0, 0, true, false);
    expect(event.newKills).toBe(1);
    expect(computeOomKills(event.seen, 1, true).newKills).toBe(0);
  });
});
