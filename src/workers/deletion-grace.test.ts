import { describe, expect, it } from 'vitest';
import { DeletionGrace } from './deletion-grace.js';

describe('DeletionGrace', () => {
  it('hands the grace a delete asked for to the pod\'s termination, once', () => {
    const grace = new DeletionGrace(() => 0);
    grace.set('u1', 3);
    expect(grace.take('u2')).toBeUndefined();
    expect(grace.take('u1')).toBe(3);
    expect(grace.take('u1')).toBeUndefined();
  });

  it('drops an entry never taken (the file came back) after ten minutes', () => {
    let now = 0;
    const grace = new DeletionGrace(() => now);
    grace.set('u1', 0);
    now = 11 * 60_000;
    grace.set('u2', 5);
    expect(grace.take('u1')).toBeUndefined();
    expect(grace.take('u2')).toBe(5);
  });
});
