import { describe, expect, it } from 'vitest';
import { specChanged } from './spec-changed.js';

describe('specChanged', () => {
  const hashes = { specHashes: new Map([['app', 'new']]), legacySpecHashes: new Map([['app', 'old']]) };
  it.each([
    ['today\'s hash', 'new', false],
    ['the hash minikubelet 0.1 gave the same spec (adopted across the upgrade)', 'old', false],
    ['no recorded hash', '', false],
    ['another hash (the spec was edited)', 'other', true],
  ])('a running container with %s', (_what, observed, changed) => {
    expect(specChanged(hashes, 'app', observed)).toBe(changed);
  });

  it('without a legacy hash, only today\'s hash matches', () => {
    expect(specChanged({ specHashes: hashes.specHashes }, 'app', 'old')).toBe(true);
  });

  it('a container the pod does not name has nothing to compare with', () => {
    expect(specChanged(hashes, 'gone', 'other')).toBe(false);
  });
});
