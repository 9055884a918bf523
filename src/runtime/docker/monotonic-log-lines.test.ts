import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { monotonicLogLines, timestampNanos } from './monotonic-log-lines.js';

async function through(chunks: string[], keepTimestamps: boolean): Promise<string> {
  let out = '';
  for await (const chunk of Readable.from(chunks).pipe(monotonicLogLines(keepTimestamps))) out += chunk.toString();
  return out;
}

const at = (s: number, frac = '') => `2026-11-24T16:55:${String(s).padStart(2, '0')}${frac ? `.${frac}` : ''}Z`;

describe('monotonicLogLines', () => {
  it('drops lines a rotation replayed, keeping order, and strips the timestamps', async () => {
    const text = [`${at(1, '1')} a`, `${at(1, '2')} b`, `${at(1, '3')} c`, `${at(1, '2')} b`, `${at(1, '3')} c`, `${at(2)} d`, ''].join('\n');
    expect(await through([text], false)).toBe('a\nb\nc\nd\n');
  });

  it('keeps the timestamps when asked, and lines split across chunks', async () => {
    expect(await through([`${at(1)} hel`, `lo\n${at(2)} wor`, 'ld\n'], true)).toBe(`${at(1)} hello\n${at(2)} world\n`);
  });

  it('compares fractions Docker trimmed of trailing zeros as numbers, not strings', async () => {
    // .5 is later than .123456789 although it sorts first as text.
    expect(await through([`${at(1, '123456789')} a\n${at(1, '5')} b\n${at(1, '4')} replayed\n`], false)).toBe('a\nb\n');
  });

  it('passes on a line without a timestamp, and a last line without a newline', async () => {
    expect(await through([`garbled\n${at(1)} tail`], false)).toBe('garbled\ntail');
  });
});

describe('timestampNanos', () => {
  it('reads Docker RFC 3339 nano timestamps', () => {
    expect(timestampNanos('1970-01-01T00:00:01.5Z')).toBe(1_500_000_000n);
    expect(timestampNanos('1970-01-01T00:00:01Z')).toBe(1_000_000_000n);
    expect(timestampNanos('yesterday')).toBeUndefined();
  });
});
