import { describe, expect, it } from 'vitest';
import type { ManualEndpointSet } from '../api/service-types.js';
import { type Backend, computeEndpoints, visibleBackends } from './compute-endpoints.js';
import { podFixture, serviceFixture } from './testing/service-fixtures.js';

const summary = (backends: Backend[]) => backends.map((b) => `${b.ip} ${b.ready ? 'ready' : 'not-ready'} ${[...b.ports].map(([k, v]) => `${k || '-'}:${v}`).join(',')}${b.hostname ? ` ${b.hostname}` : ''}`);
const web = serviceFixture('web');

describe('computeEndpoints (the endpoints controller)', () => {
  it.each([
    ['a matching ready pod', [podFixture('a', '172.17.0.5')], ['172.17.0.5 ready -:8080']],
    ['pods ordered by IP, not by name', [podFixture('a', '172.17.0.10'), podFixture('b', '172.17.0.9')], ['172.17.0.9 ready -:8080', '172.17.0.10 ready -:8080']],
    ['a not-ready pod, listed as such', [podFixture('a', '172.17.0.5', { ready: false })], ['172.17.0.5 not-ready -:8080']],
    ['a pod without an IP', [podFixture('a', undefined)], []],
    ['a terminating pod', [podFixture('a', '172.17.0.5', { terminating: true })], []],
    ['a pod whose labels do not match', [podFixture('a', '172.17.0.5', { labels: { app: 'db' } })], []],
    ['a pod of another namespace', [podFixture('a', '172.17.0.5', { namespace: 'other' })], []],
  ])('%s', (_why, pods, expected) => {
    expect(summary(computeEndpoints(web, pods, []))).toEqual(expected);
  });

  it('resolves a named targetPort per pod; a pod without that port is no backend for it', () => {
    const service = serviceFixture('web', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }, { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 'metrics' }],
    });
    const pods = [
      podFixture('a', '172.17.0.5'),
      podFixture('b', '172.17.0.6', { containerPorts: [{ name: 'http', containerPort: 9000, protocol: 'TCP' }, { name: 'metrics', containerPort: 9100, protocol: 'TCP' }] }),
      podFixture('c', '172.17.0.7', { containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }] }),
    ];
    expect(summary(computeEndpoints(service, pods, []))).toEqual(['172.17.0.5 ready http:8080', '172.17.0.6 ready http:9000,metrics:9100']);
  });

  it('gives a pod its hostname when its subdomain names the Service', () => {
    const pods = [podFixture('a', '172.17.0.5', { hostname: 'web-0', subdomain: 'web' }), podFixture('b', '172.17.0.6', { hostname: 'web-1', subdomain: 'other' })];
    expect(summary(computeEndpoints(web, pods, []))).toEqual(['172.17.0.5 ready -:8080 web-0', '172.17.0.6 ready -:8080']);
  });

  it('lists not-ready backends to consumers only with publishNotReadyAddresses', () => {
    const pods = [podFixture('a', '172.17.0.5'), podFixture('b', '172.17.0.6', { ready: false })];
    expect(visibleBackends(web, computeEndpoints(web, pods, [])).map((b) => b.ip)).toEqual(['172.17.0.5']);
    const publishing = serviceFixture('web', { publishNotReadyAddresses: true });
    expect(visibleBackends(publishing, computeEndpoints(publishing, pods, [])).map((b) => b.ip)).toEqual(['172.17.0.5', '172.17.0.6']);
  });

  it('takes a selector-less Service\'s backends from its Endpoints and EndpointSlices, ports matched by name and protocol', () => {
    const service = serviceFixture('db', { ports: [{ name: 'pg', protocol: 'TCP', port: 5432, targetPort: 5432 }] });
    delete service.spec.selector;
    const sets: ManualEndpointSet[] = [
      { endpoints: [{ ip: '192.168.1.20', ready: true }, { ip: '192.168.1.21', ready: false }], ports: [{ name: 'pg', port: 15432, protocol: 'TCP' }] },
      { endpoints: [{ ip: '192.168.1.30', ready: true }], ports: [{ name: 'other', port: 1, protocol: 'TCP' }] },
    ];
    expect(summary(computeEndpoints(service, [podFixture('a', '172.17.0.5', { labels: {} })], sets))).toEqual(['192.168.1.20 ready pg:15432', '192.168.1.21 not-ready pg:15432']);
    expect(computeEndpoints(service, [], [])).toEqual([]);
  });
});
