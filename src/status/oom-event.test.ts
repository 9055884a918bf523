import { describe, expect, it } from 'vitest';
import { makeContainer, makePod, observed } from './testing/fixtures.js';
import { makeOomEvent } from './oom-event.js';

describe('makeOomEvent', () => {
  it('names the container and its memory limit, on the container', () => {
    const pod = makePod({ containers: [makeContainer('hog', { resources: { limits: { memory: '32Mi' }, requests: { memory: '32Mi' } } })] });
    expect(makeOomEvent(observed('app', 'hog'), pod)).toEqual({
      type: 'Warning',
      reason: 'OOMKilling',
      message: 'Memory cgroup out of memory: a process of container hog was killed (memory limit 32Mi)',
      fieldPath: 'spec.containers{hog}',
    });
  });

  it('works for an init container, and without the pod spec', () => {
    expect(makeOomEvent(observed('init', 'setup'), undefined)).toMatchObject({
      message: 'Memory cgroup out of memory: a process of container setup was killed',
      fieldPath: 'spec.initContainers{setup}',
    });
  });
});

describe('makeOomEvent with a count from the cgroup', () => {
  it('says how many processes were killed', () => {
    expect(makeOomEvent(observed('app', 'hog'), undefined, 3).message).toBe('Memory cgroup out of memory: 3 processes of container hog were killed');
  });
});
