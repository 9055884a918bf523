import { describe, expect, it } from 'vitest';
import { realSchedule } from './scan-timing.js';

describe('realSchedule', () => {
  it.each([0, 5])('runs the function after %i ms, and not once cancelled', async (ms) => {
    const ran: string[] = [];
    realSchedule(() => ran.push('kept'), ms);
    const cancel = realSchedule(() => ran.push('cancelled'), ms);
    cancel();
    await new Promise((resolve) => setTimeout(resolve, ms + 10));
    expect(ran).toEqual(['kept']);
  });

  it('runs a 0 ms call before the event loop turns to timers (no 1 ms timer wait)', async () => {
    const order: string[] = [];
    // Asked from a timer, an immediate runs in the same turn of the loop, before any timer asked with it.
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        setTimeout(() => order.push('timer'), 0);
        realSchedule(() => order.push('scheduled'), 0);
        setTimeout(resolve, 5);
      }, 0);
    });
    expect(order).toEqual(['scheduled', 'timer']);
  });
});
