import { describe, expect, it } from 'vitest';
import { compareStrings } from './compare-strings.js';

describe('compareStrings', () => {
  it('orders by code unit, as the API server lists keys: no case folding, punctuation in ASCII order', () => {
    expect(['web', 'api-2', 'Api', 'api.1', 'api-10', 'kube-system'].sort(compareStrings)).toEqual(['Api', 'api-10', 'api-2', 'api.1', 'kube-system', 'web']);
  });

  it('orders RFC 3339 timestamps in time order, and answers 0 for equal strings', () => {
    expect(compareStrings('2026-12-05T03:00:00Z', '2026-12-05T03:00:01Z')).toBe(-1);
    expect(compareStrings('b', 'a')).toBe(1);
    expect(compareStrings('a', 'a')).toBe(0);
  });
});
