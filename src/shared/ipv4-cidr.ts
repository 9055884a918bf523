/**
 * IPv4 addresses and CIDR ranges as numbers: the Service range (`--service-cluster-ip-range`), the
 * addresses allocated from it, and the checks that it collides with nothing on the host.
 */

export interface Ipv4Cidr {
  /** The network address, as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
  /** As written normalised: `10.96.0.0/12`. */
  readonly text: string;
}

export type CidrParse = { ok: true; value: Ipv4Cidr } | { ok: false; error: string };

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** `10.1.2.3` → a number, or undefined when it is not a dotted-quad IPv4 address. */
export function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `10.96.0.0/12`: the address must be the range's network address, as the API server insists. */
export function parseIpv4Cidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  const address = slash < 0 ? undefined : ipv4ToNumber(text.slice(0, slash));
  const prefixText = slash < 0 ? '' : text.slice(slash + 1);
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (address === undefined || !(prefix >= 0 && prefix <= 32)) return { ok: false, error: `"${text}" is not an IPv4 CIDR range such as 10.96.0.0/12` };
  const base = networkOf(address, prefix);
  if (base !== address) return { ok: false, error: `"${text}" has host bits set: the range starting there is ${numberToIpv4(base)}/${prefix}` };
  return { ok: true, value: { base, prefix, text: `${numberToIpv4(base)}/${prefix}` } };
}

/** The number of addresses in the range. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The range's `index`-th address (0 is the network address), or undefined outside the range. */
export function cidrAddress(cidr: Ipv4Cidr, index: number): string | undefined {
  return Number.isInteger(index) && index >= 0 && index < cidrSize(cidr) ? numberToIpv4(cidr.base + index) : undefined;
}

export function cidrContains(cidr: Ipv4Cidr, address: string): boolean {
  const n = ipv4ToNumber(address);
  return n !== undefined && networkOf(n, cidr.prefix) === cidr.base;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return networkOf(a.base, prefix) === networkOf(b.base, prefix);
}

function networkOf(address: number, prefix: number): number {
  if (prefix === 0) return 0;
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  return (address & mask) >>> 0;
}
