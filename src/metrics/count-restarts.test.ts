import { describe, expect, it } from 'vitest';
import { countRestarts } from './count-restarts.js';
import { containerStatus, podStatus, running, terminated } from './testing/statuses.js';

const before = podStatus('Running', [containerStatus('app', running(), 1, terminated('Error')), containerStatus('side', running())]);

describe('countRestarts', () => {
  it.each([
    ['no restart', [containerStatus('app', running(), 1, terminated('Error')), containerStatus('side', running())], {}],
    ['one restart after an error exit', [containerStatus('app', running(), 2, terminated('Error')), containerStatus('side', running())], { Error: 1 }],
    [
      'restarts of two containers for different reasons',
      [containerStatus('app', running(), 3, terminated('OOMKilled', 137)), containerStatus('side', running(), 1, terminated('Completed', 0))],
      { OOMKilled: 2, Completed: 1 },
    ],
    ['a restart whose last state is unknown', [containerStatus('app', running(), 2), containerStatus('side', running())], { Unknown: 1 }],
    ['a container new in the spec', [containerStatus('app', running(), 1, terminated('Error')), containerStatus('new', running(), 0)], {}],
  ])('counts %s', (_, containers, expected) => {
    expect(Object.fromEntries(countRestarts(before, podStatus('Running', containers)))).toEqual(expected);
  });

  it('counts init container restarts too', () => {
    const prev = podStatus('Pending', [], [containerStatus('init', terminated('Error'), 0)]);
    const next = podStatus('Pending', [], [containerStatus('init', running(), 1, terminated('Error'))]);
    expect(Object.fromEntries(countRestarts(prev, next))).toEqual({ Error: 1 });
  });

  it('counts nothing for a first status (restart counts restored after an agent restart)', () => {
    expect(countRestarts(undefined, podStatus('Running', [containerStatus('app', running(), 7, terminated('Error'))])).size).toBe(0);
  });
});
