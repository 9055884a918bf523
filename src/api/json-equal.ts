/**
 * Whether two values serialise to the same `canonicalJson`, without serialising them: the written
 * form's pruning asks it once per key of a manifest, and sorting and stringifying the whole
 * defaulted pod each time was most of a manifest's parse. The rules are `JSON.stringify`'s after
 * `canonicalJson`'s key sort: a member that is undefined, a function or a symbol is absent; in an
 * array it is null, as is a number that is not finite; any non-array object is its own enumerable
 * keys (a Date's are none), less an own `__proto__` (`canonicalJson`'s copy sets its prototype
 * instead: YAML makes such keys, and a schema's free-form fields keep them). Not told apart: a
 * `toJSON` function, which `JSON.stringify` calls, and a bigint, which it refuses (`TypeError`
 * here when reached): a decoded manifest holds neither.
 */
export function jsonEqual(a: unknown, b: unknown, first: readonly string[] = []): boolean {
  return equalFrom(a, b, first, 0);
}

/**
 * `first[at…]`: the path where a difference is likely (the member the caller just changed), looked
 * at before the rest: an unequal pair is then told in a few steps, not after half the tree.
 */
function equalFrom(a: unknown, b: unknown, first: readonly string[], at: number): boolean {
  const x = token(a);
  const y = token(b);
  if (x !== OBJECT || y !== OBJECT) return x === y && (x !== VALUE || Object.is(leaf(a), leaf(b)));
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const hint = at < first.length ? first[at]! : undefined;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    const h = hint === undefined ? -1 : Number(hint);
    if (h >= 0 && h < a.length && !equalFrom(inArray(a[h]), inArray(other[h]), first, at + 1)) return false;
    for (let i = 0; i < a.length; i++) if (i !== h && !equalFrom(inArray(a[i]), inArray(other[i]), first, first.length)) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  if (hint !== undefined && !memberEqual(left, right, hint, first, at + 1)) return false;
  let present = 0;
  for (const key of Object.keys(left)) {
    if (key === PROTO || isAbsent(left[key])) continue;
    present++;
    if (key !== hint && !memberEqual(left, right, key, first, first.length)) return false;
  }
  for (const key of Object.keys(right)) if (key !== PROTO && !isAbsent(right[key])) present--;
  return present === 0;
}

/** Whether `key` is absent from both, or present in both with equal values. */
function memberEqual(left: Record<string, unknown>, right: Record<string, unknown>, key: string, first: readonly string[], at: number): boolean {
  if (key === PROTO) return true;
  const l = enumerable(left, key) && !isAbsent(left[key]);
  const r = enumerable(right, key) && !isAbsent(right[key]);
  return l === r && (!l || equalFrom(left[key], right[key], first, at));
}

function enumerable(object: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(object, key);
}

const PROTO = '__proto__';
const ABSENT = 'absent';
const NULL = 'null';
const OBJECT = 'object';
const VALUE = 'value';

function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** An array item as JSON writes it: what an object would leave out is null. */
function inArray(value: unknown): unknown {
  return isAbsent(value) ? null : value;
}

function token(value: unknown): string {
  if (isAbsent(value)) return ABSENT;
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return NULL;
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return typeof value === 'object' ? OBJECT : VALUE;
}

/** A string, boolean or finite number; −0 is written as 0. */
function leaf(value: unknown): unknown {
  return value === 0 ? 0 : value;
}
