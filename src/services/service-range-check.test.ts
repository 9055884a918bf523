import { describe, expect, it } from 'vitest';
import { type Ipv4Cidr, cidrAddress, parseIpv4Cidr } from '../shared/ipv4-cidr.js';
import { type ServiceRangeFacts, checkServiceRange, claimAlias, parseClaims, parseHostRoutes } from './service-range-check.js';

const cidr = (text: string): Ipv4Cidr => {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
// This machine's `ip -4 route` when the tests were written.
const ROUTES = parseHostRoutes('default via 192.0.2.1 dev eth0 \n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2 \n');
const base: ServiceRangeFacts = { nodeName: 'a', range: cidr('10.96.0.0/12'), clusterDns: '10.96.0.10', podNetwork: [cidr('172.17.0.0/16')], routes: ROUTES, claims: [] };

describe('checkServiceRange', () => {
  const table: { name: string; facts: Partial<ServiceRangeFacts>; errors: RegExp[] }[] = [
    { name: 'accepts kubeadm\'s default range on this machine', facts: {}, errors: [] },
    { name: 'refuses a range overlapping the pods\' network', facts: { range: cidr('172.16.0.0/12') }, errors: [/overlaps the pods' network 172\.17\.0\.0\/16 \(Docker's bridge network\): choose another range with --service-cluster-ip-range/] },
    { name: 'refuses a range overlapping a host route', facts: { range: cidr('192.0.2.0/28') }, errors: [/overlaps the host's route "192\.0\.2\.0\/24 dev eth0 proto kernel scope link src 192\.0\.2\.2"/] },
    { name: 'ignores the default route', facts: { range: cidr('10.0.0.0/8') }, errors: [] },
    {
      name: 'refuses a range overlapping another agent\'s claim, naming it and the clean-up',
      facts: { claims: [{ nodeName: 'b', range: cidr('10.100.0.0/16'), interfaceName: 'mkl-12345678' }] },
      errors: [/overlaps 10\.100\.0\.0\/16, the Service range of the agent of node "b" on this machine \(interface mkl-12345678\).*cleanup-services --node-name b/],
    },
    {
      name: 'reports an agent\'s routed range as its claim, not as a host route',
      facts: { routes: [...ROUTES, ...parseHostRoutes('10.96.0.0/16 dev mkl-12345678 scope link\n')], claims: [{ nodeName: 'b', range: cidr('10.96.0.0/16'), interfaceName: 'mkl-12345678' }] },
      errors: [/the Service range of the agent of node "b"/],
    },
    { name: 'ignores its own claim and others that do not overlap', facts: { claims: [{ nodeName: 'a', range: cidr('10.96.0.0/12'), interfaceName: 'x' }, { nodeName: 'c', range: cidr('10.200.0.0/16'), interfaceName: 'y' }] }, errors: [] },
    { name: 'refuses a range too small for the DNS address', facts: { range: cidr('10.96.0.0/29') }, errors: [/too small/] },
    { name: 'refuses a cluster DNS outside the range', facts: { clusterDns: '172.17.0.53' }, errors: [/--cluster-dns 172\.17\.0\.53 is outside --service-cluster-ip-range 10\.96\.0\.0\/12: the agent serves the cluster DNS on an address of its Service range/] },
    { name: 'accepts a cluster DNS elsewhere in the range', facts: { clusterDns: '10.96.0.53' }, errors: [] },
  ];
  it.each(table)('$name', ({ facts, errors }) => {
    // The DNS at the range's 10th address (its first for a range too small), as the agent puts it, unless the case says.
    const range = facts.range ?? base.range;
    const got = checkServiceRange({ ...base, clusterDns: cidrAddress(range, 10) ?? cidrAddress(range, 0)!, ...facts });
    expect(got).toHaveLength(errors.length);
    errors.forEach((e, i) => expect(got[i]).toMatch(e));
  });
});

describe('parseHostRoutes and parseClaims', () => {
  it('reads destinations and devices, default as 0.0.0.0/0, host routes as /32', () => {
    expect(parseHostRoutes('default via 192.0.2.1 dev eth0\n10.1.2.3 via 192.0.2.9 dev eth0\nblackhole 10.9.0.0/16\n').map((r) => [r.destination.text, r.device])).toEqual([
      ['0.0.0.0/0', 'eth0'], ['10.1.2.3/32', 'eth0'], ['10.9.0.0/16', ''],
    ]);
  });

  it('reads back the claims written as interface aliases', () => {
    const out = `7: mkl-1a2b3c4d: <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/ether 66:d7:13:95:94:27 brd ff:ff:ff:ff:ff:ff\\    alias ${claimAlias('e2e-x1', cidr('10.123.0.0/24'))}\n5: docker0: <BROADCAST> mtu 1500\\    link/ether 02:42:50:f4:a0:35 brd ff:ff:ff:ff:ff:ff\n`;
    expect(parseClaims(out)).toEqual([{ nodeName: 'e2e-x1', range: cidr('10.123.0.0/24'), interfaceName: 'mkl-1a2b3c4d' }]);
  });
});
