import { describe, expect, it } from 'vitest';
import { jsonFileLogOptions } from './json-file-log-options.js';

describe('jsonFileLogOptions', () => {
  it.each([
    [10 * 2 ** 20, 5, { 'max-size': '10m', 'max-file': '5' }],
    [2 ** 30, 2, { 'max-size': '1g', 'max-file': '2' }],
    [1536 * 2 ** 10, 3, { 'max-size': '1536k', 'max-file': '3' }],
    [1_000_000, 5, { 'max-size': '1000000', 'max-file': '5' }],
  ])('rotates at %d bytes keeping %d files', (maxSizeBytes, maxFiles, expected) => {
    expect(jsonFileLogOptions({ maxSizeBytes, maxFiles })).toEqual(expected);
  });

  it('sets nothing without a rotation (the engine default applies)', () => {
    expect(jsonFileLogOptions(undefined)).toEqual({});
  });
});
