import { describe, expect, it } from 'vitest';
import { toRfc3339 } from './rfc3339.js';

describe('toRfc3339', () => {
  it.each([
    [0, '1970-01-01T00:00:00Z'],
    [Date.UTC(2024, 4, 1, 12, 0, 0, 999), '2024-05-01T12:00:00Z'],
    [Date.UTC(2024, 4, 1, 12, 0, 1), '2024-05-01T12:00:01Z'],
  ])('formats %d as %s', (ms, expected) => {
    expect(toRfc3339(ms)).toBe(expected);
  });
});
