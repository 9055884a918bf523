import { describe, expect, it } from 'vitest';
import { BackOffStore } from './backoff-store.js';

const POLICY = { initialMs: 10_000, maxMs: 300_000 };

function store() {
  let now = 1_000_000;
  const s = new BackOffStore(POLICY, () => now);
  return { s, advance: (ms: number) => (now += ms), now: () => now };
}

describe('BackOffStore', () => {
  it('lets the first try go ahead, then doubles the delay up to the cap', () => {
    const { s, advance } = store();
    expect(s.until('k')).toBeUndefined();
    expect(s.next('k').delayMs).toBe(10_000);
    expect(s.until('k')).toBeDefined();
    advance(10_000);
    expect(s.until('k')).toBeUndefined();
    const delays = [20_000, 40_000, 80_000, 160_000, 300_000, 300_000].map(() => s.next('k').delayMs);
    expect(delays).toEqual([20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('counts the delay from the given event time (a container finish) when asked', () => {
    const { s, now } = store();
    s.next('k');
    expect(s.until('k', now() - 4_000)).toBe(now() + 6_000);
  });

  it('starts over after a reset, and after twice the cap without an update', () => {
    const { s, advance } = store();
    s.next('k');
    s.next('k');
    s.reset('k');
    expect(s.next('k').delayMs).toBe(10_000);
    s.next('k');
    advance(600_001);
    expect(s.next('k').delayMs).toBe(10_000);
  });

  it('restores an entry only where it has none, and forgets every key of a pod', () => {
    const { s } = store();
    s.restore('web_default_uid-1_a_h', { delayMs: 40_000, lastUpdateMs: 1 });
    s.restore('web_default_uid-1_a_h', { delayMs: 10_000, lastUpdateMs: 2 });
    expect(s.get('web_default_uid-1_a_h')?.delayMs).toBe(40_000);
    s.next('uid-1_sandbox');
    s.next('uid-1_registry/app:1');
    s.next('uid-2_sandbox');
    s.forget('uid-1');
    expect([s.get('web_default_uid-1_a_h'), s.get('uid-1_sandbox'), s.get('uid-1_registry/app:1')]).toEqual([undefined, undefined, undefined]);
    expect(s.get('uid-2_sandbox')).toBeDefined();
  });

  it('retries until the attempt succeeds, sleeping the delays, and starts over after a success', async () => {
    // A clock that stands still: the real sleeps of a loaded machine must not expire the entry.
    const s = new BackOffStore({ initialMs: 1, maxMs: 4 }, () => 0);
    let calls = 0;
    const delays: number[] = [];
    const value = await s.retry('engine', async () => (++calls < 4 ? Promise.reject(new Error('down')) : 'up'), new AbortController().signal, (_err, ms) => delays.push(ms));
    expect(value).toBe('up');
    expect(delays).toEqual([1, 2, 4]);
    expect(s.get('engine')).toBeUndefined();
  });

  it('stops retrying when aborted, with the last error', async () => {
    const s = new BackOffStore({ initialMs: 1_000, maxMs: 1_000 });
    const abort = new AbortController();
    const done = s.retry('engine', () => Promise.reject(new Error('down')), abort.signal, () => abort.abort());
    await expect(done).rejects.toThrow('down');
  });
});
