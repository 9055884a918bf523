import { describe, expect, it } from 'vitest';
import { pullWindowMs } from './pull-window.js';
import { T0, event } from './testing/statuses.js';

describe('pullWindowMs', () => {
  it.each([
    ['no pull events', [], 0],
    ['images already present', [event('Pulled', 'Container image "a" already present on machine', T0)], 0],
    ['one pull', [event('Pulling', 'Pulling image "a"', T0), event('Pulled', 'Successfully pulled image "a" in 1.5s', T0 + 1500)], 1500],
    [
      'two images pulled one after the other',
      [
        event('Pulling', 'Pulling image "a"', T0),
        event('Pulled', 'Successfully pulled image "a" in 1s', T0 + 1000),
        event('Pulling', 'Pulling image "b"', T0 + 1200),
        event('Pulled', 'Successfully pulled image "b" in 2s', T0 + 3200),
      ],
      3200,
    ],
    [
      'failed pulls and their back-off before a success',
      [event('Pulling', 'Pulling image "a"', T0, T0 + 10_000), event('Failed', 'Failed to pull image "a": timeout', T0 + 500, T0 + 10_500), event('Pulled', 'Successfully pulled image "a" in 1s', T0 + 11_000)],
      11_000,
    ],
    ['a pull that never succeeded', [event('Pulling', 'Pulling image "a"', T0), event('Failed', 'Failed to pull image "a"', T0 + 500)], 0],
  ])('is right for %s', (_, events, expected) => {
    expect(pullWindowMs(events)).toBe(expected);
  });
});
