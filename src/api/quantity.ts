/**
 * Kubernetes resource quantities (`250m`, `0.5`, `128Mi`, `1G`, `1e3`), parsed exactly as
 * apimachinery `pkg/api/resource/quantity.go` (`parseQuantityString`, `suffix.go`) does, into an
 * exact rational so that `0.1` cpu is exactly 100m. Conversions round up, as `Value()` and
 * `MilliValue()` do.
 */

/** An exact value: numerator / denominator (denominator > 0), in base units (cores, bytes). */
export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export type QuantityResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";
/** Longer inputs are refused before any big-number arithmetic (no real quantity comes close). */
const MAX_LENGTH = 64;
/** Values above int64 are invalid for resources (apimachinery keeps them in int64 where it can). */
const INT64_MAX = 2n ** 63n - 1n;

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

interface SplitQuantity {
  negative: boolean;
  whole: string;
  fraction: string;
  suffix: string;
}

/** The lexical split of `parseQuantityString`: sign, digits, optional `.digits`, suffix. */
function splitQuantity(text: string): SplitQuantity | undefined {
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*(?:[-+]?[0-9]+)?)$/.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  return { negative: sign === '-', whole, fraction, suffix };
}

/** The suffix as a power of 2 and a power of 10 (`suffix.go` `interpret`). */
function interpretSuffix(suffix: string): { binary: number; decimal: number } | undefined {
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { binary, decimal: 0 };
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { binary: 0, decimal };
  if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    // ParseInt(…, 10, 32) in apimachinery: beyond int32 the suffix is invalid.
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 2 ** 31 - 1) return undefined;
    return { binary: 0, decimal: exponent };
  }
  return undefined;
}

export function parseQuantity(text: string): QuantityResult<Quantity> {
  if (text.length === 0) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  if (text.length > MAX_LENGTH) return { ok: false, error: `must be at most ${MAX_LENGTH} characters` };
  const split = splitQuantity(text);
  // apimachinery reads a quantity without digits (`Gi`, `m`, `.`) as 0; that is always a typo, so it is refused.
  if (!split || split.whole + split.fraction === '') return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const scale = interpretSuffix(split.suffix);
  if (!scale) return { ok: false, error: SUFFIX_ERROR };
  // Far beyond int64 either way; clamping keeps the arithmetic small (a tiny value still rounds up to 1).
  const decimal = Math.max(scale.decimal, -1000);
  if (decimal > 1000) return { ok: false, error: 'is too large' };
  const digits = BigInt(`${split.whole}${split.fraction}`);
  let numerator = digits * 2n ** BigInt(scale.binary);
  let denominator = 10n ** BigInt(split.fraction.length);
  if (decimal >= 0) numerator *= 10n ** BigInt(decimal);
  else denominator *= 10n ** BigInt(-decimal);
  if (split.negative) numerator = -numerator;
  const quantity = { numerator, denominator };
  if (ceilScaled(quantity, 1n) > INT64_MAX) return { ok: false, error: 'is too large' };
  return { ok: true, value: quantity };
}

/** For quantities already validated: a parse failure here is a bug, so it throws. */
export function mustParseQuantity(text: string): Quantity {
  const result = parseQuantity(text);
  if (!result.ok) throw new Error(`invalid quantity ${JSON.stringify(text)}: ${result.error}`);
  return result.value;
}

/** ceil(q × scale), exact. */
function ceilScaled(q: Quantity, scale: bigint): bigint {
  const n = q.numerator * scale;
  const quotient = n / q.denominator; // truncates toward zero
  return n > 0n && n % q.denominator !== 0n ? quotient + 1n : quotient;
}

/** Whole base units, rounded up (`Quantity.Value()`): bytes for memory. */
export function quantityValue(q: Quantity): number {
  return Number(ceilScaled(q, 1n));
}

/** Thousandths of a base unit, rounded up (`Quantity.MilliValue()`): millicores for cpu. */
export function quantityMilliValue(q: Quantity): number {
  return Number(ceilScaled(q, 1000n));
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isNegativeQuantity(q: Quantity): boolean {
  return q.numerator < 0n;
}

/** `"250m"` → 250, `"0.5"` → 500, `"2"` → 2000. */
export function cpuToMillicores(text: string): QuantityResult<number> {
  const parsed = parseQuantity(text);
  return parsed.ok ? { ok: true, value: quantityMilliValue(parsed.value) } : parsed;
}

/** `"128Mi"` → 134217728, `"1G"` → 1000000000, `"500m"` → 1 (half a byte, rounded up). */
export function memoryToBytes(text: string): QuantityResult<number> {
  const parsed = parseQuantity(text);
  return parsed.ok ? { ok: true, value: quantityValue(parsed.value) } : parsed;
}

export const ZERO_QUANTITY: Quantity = { numerator: 0n, denominator: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/** a + b, exact (`Quantity.Add`). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const numerator = a.numerator * b.denominator + b.numerator * a.denominator;
  const denominator = a.denominator * b.denominator;
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

const BINARY_STEPS: Array<[string, bigint]> = Object.entries(BINARY_SUFFIXES)
  .map(([suffix, power]): [string, bigint] => [suffix, 2n ** BigInt(power)])
  .reverse();
const DECIMAL_STEPS: Array<[string, bigint]> = ['E', 'P', 'T', 'G', 'M', 'k'].map((suffix): [string, bigint] => [
  suffix,
  10n ** BigInt(DECIMAL_SUFFIXES[suffix] ?? 0),
]);

/**
 * A quantity as text that `parseQuantity` reads back, rounded up to thousandths as API defaulting
 * rounds every resource (`SetDefaults_ResourceList`): `128Mi`, `2G`, `250m`, `2`. With `binary`
 * (byte amounts) the shorter of the 1024-based and the 1000-based forms, else (cpu) the 1000-based.
 */
export function formatQuantity(q: Quantity, binary: boolean): string {
  const milli = ceilScaled(q, 1000n);
  if (milli % 1000n !== 0n) return `${milli}m`;
  const whole = milli / 1000n;
  const decimal = withSuffix(whole, DECIMAL_STEPS);
  if (!binary) return decimal;
  const binaryForm = withSuffix(whole, BINARY_STEPS);
  return binaryForm.length <= decimal.length ? binaryForm : decimal;
}

function withSuffix(whole: bigint, steps: Array<[string, bigint]>): string {
  if (whole === 0n) return '0';
  for (const [suffix, size] of steps) {
    if (whole % size === 0n) return `${whole / size}${suffix}`;
  }
  return String(whole);
}
