import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PodWorkers } from './pod-workers.js';

const log = pino({ level: 'silent' });
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('PodWorkers', () => {
  it('never runs two syncs of one pod at once and folds requests made during a sync into one more', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const workers = new PodWorkers(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      await tick();
      active--;
    }, log, 1000);
    workers.enqueue('a');
    workers.enqueue('a');
    workers.enqueue('a');
    workers.enqueue('a');
    await tick();
    await workers.idle();
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
  });

  it('runs different pods in parallel', async () => {
    let active = 0;
    let maxActive = 0;
    const workers = new PodWorkers(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await tick();
      active--;
    }, log, 1000);
    for (const uid of ['a', 'b', 'c']) workers.enqueue(uid);
    await tick();
    await workers.idle();
    expect(maxActive).toBe(3);
  });

  it('retries a failing sync after the retry period', async () => {
    let runs = 0;
    const workers = new PodWorkers(async () => {
      runs++;
      if (runs === 1) throw new Error('engine hiccup');
    }, log, 20);
    workers.enqueue('a');
    await workers.idle();
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    await workers.idle();
    expect(runs).toBe(2);
    workers.stop();
  });

  it('keeps the earliest of several scheduled syncs', async () => {
    const runs: number[] = [];
    const start = Date.now();
    const workers = new PodWorkers(async () => {
      runs.push(Date.now() - start);
    }, log, 1000);
    workers.enqueueAt('a', start + 200);
    workers.enqueueAt('a', start + 20);
    workers.enqueueAt('a', start + 100);
    await new Promise((r) => setTimeout(r, 260));
    expect(runs).toHaveLength(1);
    workers.stop();
  });
});
