import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { jsonEqual } from './json-equal.js';

/** A small seeded generator (mulberry32), so a failure names the seed that makes it again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEAVES: unknown[] = ['', 'a', 'b', '1', 0, -0, 1, 1.5, NaN, Infinity, -Infinity, true, false, null, undefined, () => 1, Symbol('s'), new Date(0)];

const KEYS = ['a', 'b', 'c', '__proto__', 'toJSON'];

/** A value of leaves, arrays and objects over few keys, so two draws often agree. */
function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth <= 0 || pick < 0.4) return LEAVES[Math.floor(next() * LEAVES.length)];
  const n = Math.floor(next() * 3);
  if (pick < 0.6) return Array.from({ length: n }, () => value(next, depth - 1));
  const o: Record<string, unknown> = {};
  // Own keys, as YAML makes them: `o.__proto__ = v` would set the prototype.
  for (let i = 0; i < n; i++) {
    const key = KEYS[Math.floor(next() * KEYS.length)]!;
    const member = value(next, depth - 1);
    // A function named toJSON is called by JSON.stringify; a manifest holds no functions.
    if (key === 'toJSON' && typeof member === 'function') continue;
    Object.defineProperty(o, key, { value: member, enumerable: true, writable: true, configurable: true });
  }
  return o;
}

/** The value with its object keys in reverse order (the same as data). */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object' || v instanceof Date) return v;
  const o: Record<string, unknown> = {};
  for (const [k, m] of Object.entries(v).reverse()) Object.defineProperty(o, k, { value: reordered(m), enumerable: true, writable: true, configurable: true });
  return o;
}

/** A path into the value (keys and array indices), as far as it goes. */
function somePath(next: () => number, v: unknown): string[] {
  const path: string[] = [];
  let at = v;
  while (at !== null && typeof at === 'object' && next() < 0.8) {
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const key = keys[Math.floor(next() * keys.length)]!;
    path.push(key);
    at = (at as Record<string, unknown>)[key];
  }
  return path;
}

describe('jsonEqual', () => {
  it('agrees with canonicalJson on 20,000 pairs of random values, and on each value reordered, whatever path is looked at first', () => {
    const next = random(18);
    let equal = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = value(next, 3);
      const b = next() < 0.3 ? reordered(a) : value(next, 3);
      const expected = canonicalJson(a) === canonicalJson(b);
      if (expected) equal++;
      expect(jsonEqual(a, b), `${String(canonicalJson(a))} vs ${String(canonicalJson(b))}`).toBe(expected);
      // Whichever path is looked at first.
      expect(jsonEqual(a, b, somePath(next, a))).toBe(expected);
      expect(jsonEqual(a, b, ['0', 'a', '1', 'b'])).toBe(expected);
    }
    expect(equal).toBeGreaterThan(5_000);
  });

  it('reads the members JSON leaves out, and the numbers it writes as null, as JSON does', () => {
    expect(jsonEqual({ a: 1, b: undefined, c: () => 1 }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined, NaN], [null, null])).toBe(true);
    expect(jsonEqual({ a: Infinity }, { a: null })).toBe(true);
    expect(jsonEqual(-0, 0)).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonEqual(Object.defineProperty({}, 'a', { value: 1, enumerable: false }), {})).toBe(true);
  });
});
