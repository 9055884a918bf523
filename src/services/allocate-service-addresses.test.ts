import { describe, expect, it } from 'vitest';
import { parseIpv4Cidr } from '../shared/ipv4-cidr.js';
import { type AllocationInput, type ServiceAddresses, allocateServiceAddresses } from './allocate-service-addresses.js';
import { serviceFixture } from './testing/service-fixtures.js';

const range = (text: string) => {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const base: AllocationInput = { services: [], recorded: new Map(), range: range('10.96.0.0/12'), nodePortRange: { min: 30000, max: 32767 } };
const allocate = (input: Partial<AllocationInput>) => allocateServiceAddresses({ ...base, ...input });

describe('allocateServiceAddresses (the API server\'s ClusterIP and NodePort allocators)', () => {
  it('gives the same address to the same Service with no record, and different ones to different Services', () => {
    const services = [serviceFixture('web'), serviceFixture('db')];
    const a = allocate({ services });
    const b = allocate({ services: [...services].reverse() });
    expect(a.problems).toEqual([]);
    expect(a.assigned).toEqual(b.assigned);
    expect(a.assigned.get('default/web')?.clusterIP).not.toBe(a.assigned.get('default/db')?.clusterIP);
  });

  it('keeps the recorded address, even when another Service would hash to it', () => {
    const fresh = allocate({ services: [serviceFixture('web')] }).assigned.get('default/web')!.clusterIP;
    const recorded = new Map<string, ServiceAddresses>([['default/db', { clusterIP: fresh, nodePorts: {} }]]);
    const result = allocate({ services: [serviceFixture('web'), serviceFixture('db')], recorded });
    expect(result.assigned.get('default/db')?.clusterIP).toBe(fresh);
    expect(result.assigned.get('default/web')?.clusterIP).not.toBe(fresh);
  });

  it('never gives the network, broadcast, .1 (kubernetes) or .10 (cluster DNS) addresses; probes forward past them', () => {
    const services = Array.from({ length: 12 }, (_, i) => serviceFixture(`s${i}`));
    const result = allocate({ services, range: range('10.0.0.0/28') });
    expect(result.problems).toEqual([]);
    const given = [...result.assigned.values()].map((a) => a.clusterIP).sort();
    expect(given).not.toContain('10.0.0.0');
    expect(given).not.toContain('10.0.0.1');
    expect(given).not.toContain('10.0.0.10');
    expect(given).not.toContain('10.0.0.15');
    expect(new Set(given).size).toBe(12);
    const full = allocate({ services: [...services, serviceFixture('one-more')], range: range('10.0.0.0/28') });
    expect(full.problems).toEqual([expect.objectContaining({ path: 'spec.clusterIP', message: expect.stringContaining('failed to allocate a serviceIP: range is full') })]);
  });

  it.each([
    ['10.96.0.20', undefined, undefined],
    ['10.200.0.1', undefined, 'failed to allocate IP 10.200.0.1: the provided IP (10.200.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12'],
    ['10.96.0.1', undefined, 'failed to allocate IP 10.96.0.1: provided IP is already allocated (the first address of the range is kept for the kubernetes Service'],
    ['10.96.0.10', undefined, 'failed to allocate IP 10.96.0.10: provided IP is already allocated (it is the cluster DNS address)'],
    ['10.96.0.53', '10.96.0.53', 'provided IP is already allocated (it is the cluster DNS address)'],
    ['10.96.0.10', '10.96.0.53', undefined],
  ])('honours spec.clusterIP %s (--cluster-dns %s) or refuses it in the API server\'s words', (clusterIP, clusterDns, error) => {
    const result = allocate({ services: [serviceFixture('web', { clusterIP })], ...(clusterDns ? { clusterDns } : {}) });
    if (error === undefined) expect(result.assigned.get('default/web')?.clusterIP).toBe(clusterIP);
    else expect(result.problems).toEqual([{ service: 'default/web', path: 'spec.clusterIP', message: expect.stringContaining(error) }]);
  });

  it('refuses an address another Service holds: first come, first served', () => {
    const recorded = new Map<string, ServiceAddresses>([['default/db', { clusterIP: '10.96.0.20', nodePorts: {} }]]);
    const result = allocate({ services: [serviceFixture('db'), serviceFixture('web', { clusterIP: '10.96.0.20' })], recorded });
    expect(result.assigned.has('default/web')).toBe(false);
    expect(result.problems[0]?.message).toContain('failed to allocate IP 10.96.0.20: provided IP is already allocated (to Service default/db)');
  });

  it('gives headless Services no address and frees the addresses of removed ones', () => {
    const recorded = new Map<string, ServiceAddresses>([['default/gone', { clusterIP: '10.96.0.20', nodePorts: {} }]]);
    const result = allocate({ services: [serviceFixture('peers', { clusterIP: 'None' }), serviceFixture('web', { clusterIP: '10.96.0.20' })], recorded });
    expect(result.assigned).toEqual(new Map([['default/peers', { clusterIP: 'None', nodePorts: {} }], ['default/web', { clusterIP: '10.96.0.20', nodePorts: {} }]]));
  });

  it('gives NodePorts from the range: asked for, recorded, else a stable choice; refuses taken and out-of-range ones', () => {
    const nodePort = (name: string, asked?: number) => serviceFixture(name, { type: 'NodePort', ports: [{ name: '', protocol: 'TCP', port: 80, targetPort: 8080, ...(asked ? { nodePort: asked } : {}) }] });
    const first = allocate({ services: [nodePort('web')] }).assigned.get('default/web')!.nodePorts['80/TCP']!;
    expect(first).toBeGreaterThanOrEqual(30000);
    expect(allocate({ services: [nodePort('web')] }).assigned.get('default/web')!.nodePorts['80/TCP']).toBe(first);
    const recorded = new Map<string, ServiceAddresses>([['default/web', { clusterIP: '10.96.0.30', nodePorts: { '80/TCP': 31000 } }]]);
    expect(allocate({ services: [nodePort('web')], recorded }).assigned.get('default/web')).toEqual({ clusterIP: '10.96.0.30', nodePorts: { '80/TCP': 31000 } });
    expect(allocate({ services: [nodePort('web'), nodePort('api', 31000)], recorded }).problems).toEqual([
      { service: 'default/api', path: 'spec.ports[0].nodePort', message: expect.stringContaining('Invalid value: 31000: provided port is already allocated (to Service default/web)') },
    ]);
    expect(allocate({ services: [nodePort('api', 8080)] }).problems[0]?.message).toContain(
      'Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });
});
