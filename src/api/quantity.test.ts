import { describe, expect, it } from 'vitest';
import {
  QUANTITY_FORMAT_ERROR,
  ZERO_QUANTITY,
  addQuantities,
  compareQuantities,
  formatQuantity,
  cpuToMillicores,
  memoryToBytes,
  mustParseQuantity,
  parseQuantity,
} from './quantity.js';

describe('cpuToMillicores', () => {
  it.each([
    ['250m', 250],
    ['0.5', 500],
    ['1', 1000],
    ['2', 2000],
    ['0.1', 100],
    ['1.5', 1500],
    ['0.0001', 1], // rounds up, as MilliValue()
    ['100u', 1],
    ['1e3', 1_000_000],
    ['12E-1', 1200],
    ['+1', 1000],
    ['.5', 500],
    ['1.', 1000],
    ['0', 0],
    ['1k', 1_000_000],
  ])('reads %s as %i millicores', (text, millis) => {
    expect(cpuToMillicores(text)).toEqual({ ok: true, value: millis });
  });
});

describe('memoryToBytes', () => {
  it.each([
    ['128Mi', 134_217_728],
    ['1Gi', 1_073_741_824],
    ['1G', 1_000_000_000],
    ['1Ki', 1024],
    ['1k', 1000],
    ['0.5Gi', 536_870_912],
    ['500m', 1], // half a byte, rounded up: the classic m/M mistake
    ['1.5', 2],
    ['1e3', 1000],
    ['2E', 2e18], // a bare E is exa, not an exponent
    ['1Ei', 2 ** 60],
    ['64M', 64_000_000],
  ])('reads %s as %i bytes', (text, bytes) => {
    expect(memoryToBytes(text)).toEqual({ ok: true, value: bytes });
  });
});

describe('parseQuantity', () => {
  it.each([
    ['', QUANTITY_FORMAT_ERROR],
    ['1K', "unable to parse quantity's suffix"],
    ['1 Gi', QUANTITY_FORMAT_ERROR],
    ['Gi', QUANTITY_FORMAT_ERROR], // apimachinery reads it as 0; refused here as a sure typo
    ['.', QUANTITY_FORMAT_ERROR],
    ['-', QUANTITY_FORMAT_ERROR],
    ['1Gb', QUANTITY_FORMAT_ERROR],
    ['1e', "unable to parse quantity's suffix"],
    ['1e+', QUANTITY_FORMAT_ERROR],
    ['1.2.3', QUANTITY_FORMAT_ERROR],
    ['abc', QUANTITY_FORMAT_ERROR],
    ['1Ki5', "unable to parse quantity's suffix"],
    ['10Ei', 'is too large'],
    ['1e999999', 'is too large'],
    ['1e99999999999', "unable to parse quantity's suffix"],
    ['9'.repeat(100), 'must be at most 64 characters'],
  ])('rejects %j', (text, error) => {
    expect(parseQuantity(text)).toEqual({ ok: false, error });
  });

  it('accepts negative quantities (validation rejects them for resources)', () => {
    expect(cpuToMillicores('-1')).toEqual({ ok: true, value: -1000 });
  });

  it('keeps tiny exponents exact enough to round up to one unit', () => {
    expect(cpuToMillicores('1e-5000')).toEqual({ ok: true, value: 1 });
  });

  it('compares across suffix families exactly', () => {
    expect(compareQuantities(mustParseQuantity('1Gi'), mustParseQuantity('1024Mi'))).toBe(0);
    expect(compareQuantities(mustParseQuantity('1G'), mustParseQuantity('1Gi'))).toBe(-1);
    expect(compareQuantities(mustParseQuantity('600m'), mustParseQuantity('0.5'))).toBe(1);
    expect(compareQuantities(mustParseQuantity('0.1'), mustParseQuantity('100m'))).toBe(0);
  });

  it('throws from mustParseQuantity only for an invalid quantity (a bug after validation)', () => {
    expect(() => mustParseQuantity('1K')).toThrow(/invalid quantity "1K"/);
  });
});

describe('addQuantities and formatQuantity', () => {
  const q = (text: string) => mustParseQuantity(text);

  it.each<[string[], boolean, string]>([
    [['64Mi', '64Mi'], true, '128Mi'],
    [['1Gi', '512Mi'], true, '1536Mi'],
    [['1G', '1G'], true, '2G'],
    [['100M', '1'], true, '100000001'],
    [['250m', '250m'], false, '500m'],
    [['0.5', '0.5'], false, '1'],
    [['1.5'], false, '1500m'],
    [['2000'], false, '2k'],
    [['0'], true, '0'],
    [['0.0001'], false, '1m'], // rounded up to thousandths, as API defaulting rounds every resource
    [['500m'], true, '500m'], // half a byte stays what it was written as
  ])('%j adds up to %s', (texts, binary, expected) => {
    const sum = texts.map(q).reduce(addQuantities, ZERO_QUANTITY);
    expect(formatQuantity(sum, binary)).toBe(expected);
    expect(compareQuantities(mustParseQuantity(expected), sum)).toBeGreaterThanOrEqual(0);
  });
});
