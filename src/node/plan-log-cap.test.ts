import { describe, expect, it } from 'vitest';
import { type ContainerLogFiles, planLogCap } from './plan-log-cap.js';

const logs = (id: string, running: boolean, live: number, ...rotated: number[]): ContainerLogFiles => ({
  containerId: id,
  running,
  live: { path: `${id}.log`, bytes: live },
  rotated: rotated.map((bytes, i) => ({ path: `${id}.log.${i + 1}`, bytes })),
});

describe('planLogCap (node-wide container log cap)', () => {
  it('deletes nothing within the cap', () => {
    expect(planLogCap([logs('a', true, 10, 10, 10)], 30)).toEqual([]);
  });
  it('takes the dead containers\' rotated files first, oldest first', () => {
    expect(planLogCap([logs('run', true, 10, 10), logs('dead', false, 10, 10, 10)], 40)).toEqual(['dead.log.2']);
  });
  it('then the oldest rotated file of the running container with the most log', () => {
    expect(planLogCap([logs('small', true, 10, 10), logs('big', true, 10, 10, 10, 10)], 45)).toEqual(['big.log.3', 'big.log.2']);
  });
  it('spreads over running containers as their totals even out', () => {
    expect(planLogCap([logs('a', true, 10, 10, 10), logs('b', true, 10, 10, 10)], 40)).toEqual(['a.log.2', 'b.log.2']);
  });
  it('never deletes a running container\'s live file; a dead one\'s last', () => {
    expect(planLogCap([logs('run', true, 50, 10), logs('dead', false, 20)], 10)).toEqual(['run.log.1', 'dead.log']);
  });
});
