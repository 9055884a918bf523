import { createHash } from 'node:crypto';
import { type Ipv4Cidr, numberToIpv4, parseIpv4Cidr } from '../shared/ipv4-cidr.js';

/** 10.128.0.0/9: clear of kubeadm's default 10.96.0.0/12, where a daemon's range usually is. */
const POOL_BASE = (10 * 2 ** 24) + (128 * 2 ** 16);
const POOL_SLOTS = 2 ** 15;

/**
 * A /24 Service range of its own for an agent that is not the machine's daemon (`play`, tests),
 * derived from its node name: stable across its runs, and beside a daemon on the default range
 * and other such agents (32768 slots; a collision is refused at start with the other's name).
 */
export function derivedServiceRange(nodeName: string): Ipv4Cidr {
  const slot = createHash('sha256').update(nodeName).digest().readUInt32BE(0) % POOL_SLOTS;
  const parsed = parseIpv4Cidr(`${numberToIpv4(POOL_BASE + slot * 256)}/24`);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
