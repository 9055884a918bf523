import { describe, expect, it } from 'vitest';
import { cidrAddress, cidrContains, cidrSize, cidrsOverlap, ipv4ToNumber, numberToIpv4, parseIpv4Cidr } from './ipv4-cidr.js';

function cidr(text: string) {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('ipv4 cidr', () => {
  it.each([
    ['10.96.0.0/12', '10.96.0.0/12', 2 ** 20],
    ['192.168.5.0/24', '192.168.5.0/24', 256],
    ['0.0.0.0/0', '0.0.0.0/0', 2 ** 32],
    ['10.0.0.7/32', '10.0.0.7/32', 1],
  ])('parses %s', (text, normal, size) => {
    expect(cidr(text).text).toBe(normal);
    expect(cidrSize(cidr(text))).toBe(size);
  });

  it.each([
    ['10.96.0.0', 'is not an IPv4 CIDR range'],
    ['10.96.0.0/33', 'is not an IPv4 CIDR range'],
    ['10.96.0.256/24', 'is not an IPv4 CIDR range'],
    ['010.96.0.0/12', 'is not an IPv4 CIDR range'],
    ['fd00::/64', 'is not an IPv4 CIDR range'],
    ['10.96.0.1/12', 'host bits set: the range starting there is 10.96.0.0/12'],
  ])('refuses %s', (text, message) => {
    const parsed = parseIpv4Cidr(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('numbers and addresses round-trip, including the top half', () => {
    for (const ip of ['0.0.0.0', '10.96.0.10', '172.17.0.1', '255.255.255.255', '192.168.1.1']) expect(numberToIpv4(ipv4ToNumber(ip)!)).toBe(ip);
  });

  it('addresses in a range', () => {
    expect(cidrAddress(cidr('10.96.0.0/12'), 10)).toBe('10.96.0.10');
    expect(cidrAddress(cidr('10.96.0.0/12'), 2 ** 20 - 1)).toBe('10.111.255.255');
    expect(cidrAddress(cidr('10.96.0.0/24'), 256)).toBeUndefined();
    expect(cidrContains(cidr('10.96.0.0/12'), '10.111.1.1')).toBe(true);
    expect(cidrContains(cidr('10.96.0.0/12'), '10.112.0.0')).toBe(false);
    expect(cidrContains(cidr('192.168.0.0/16'), '192.168.255.1')).toBe(true);
  });

  it('overlaps', () => {
    expect(cidrsOverlap(cidr('10.96.0.0/12'), cidr('10.100.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.96.0.0/12'), cidr('172.17.0.0/16'))).toBe(false);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('172.17.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.96.1.0/24'), cidr('10.96.2.0/24'))).toBe(false);
  });
});
