import { describe, expect, it } from 'vitest';
import { dockerSince, MonotonicLogLines, timestampNanos } from './monotonic-log-lines.js';

function through(chunks: string[], keepTimestamps: boolean): string {
  const lines = new MonotonicLogLines(keepTimestamps);
  return chunks.map((c) => lines.write(c)).join('') + lines.end();
}

const at = (s: number, frac = '') => `2026-11-24T16:55:${String(s).padStart(2, '0')}${frac ? `.${frac}` : ''}Z`;

describe('monotonicLogLines', () => {
  it('drops lines a rotation replayed, keeping order, and strips the timestamps', () => {
    const text = [`${at(1, '1')} a`, `${at(1, '2')} b`, `${at(1, '3')} c`, `${at(1, '2')} b`, `${at(1, '3')} c`, `${at(2)} d`, ''].join('\n');
    expect(through([text], false)).toBe('a\nb\nc\nd\n');
  });

  it('keeps the timestamps when asked, and lines split across chunks', () => {
    expect(through([`${at(1)} hel`, `lo\n${at(2)} wor`, 'ld\n'], true)).toBe(`${at(1)} hello\n${at(2)} world\n`);
  });

  it('compares fractions Docker trimmed of trailing zeros as numbers, not strings', () => {
    // .5 is later than .123456789 although it sorts first as text.
    expect(through([`${at(1, '123456789')} a\n${at(1, '5')} b\n${at(1, '4')} replayed\n`], false)).toBe('a\nb\n');
  });

  it('passes on a line without a timestamp, and a last line without a newline', () => {
    expect(through([`garbled\n${at(1)} tail`], false)).toBe('garbled\ntail');
  });
});

describe('MonotonicLogLines on a resumed stream', () => {
  it('drops the half line of the replaced stream and the resent newest line', () => {
    const lines = new MonotonicLogLines(false);
    expect(lines.write(`${at(1)} a\n${at(2)} b\n${at(3)} hal`)).toBe('a\nb\n');
    expect(lines.newest).toBe(timestampNanos(at(2)));
    lines.dropPartial();
    // Resumed with since = newest (inclusive): b comes again, then the whole line that was cut.
    expect(lines.write(`${at(2)} b\n${at(3)} half\n`)).toBe('half\n');
    expect(lines.end()).toBe('');
  });
});

describe('dockerSince', () => {
  it('writes seconds and nine nanosecond digits', () => {
    expect(dockerSince(1_500_000_000n)).toBe('1.500000000');
    expect(dockerSince(timestampNanos('2026-11-24T16:55:01.000000042Z')!)).toBe(`${Date.parse('2026-11-24T16:55:01Z') / 1000}.000000042`);
  });
});

describe('timestampNanos', () => {
  it('reads Docker RFC 3339 nano timestamps', () => {
    expect(timestampNanos('1970-01-01T00:00:01.5Z')).toBe(1_500_000_000n);
    expect(timestampNanos('1970-01-01T00:00:01Z')).toBe(1_000_000_000n);
    expect(timestampNanos('yesterday')).toBeUndefined();
  });
});
