import { describe, expect, it } from 'vitest';
import type { ApiEndpoints, ApiService } from '../../services/api-service.js';
import { formatEndpoints } from '../../services/service-columns.js';
import { describeService, printEndpointsTable, printServiceTable } from './service-objects.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' });
const service = (name: string, type: 'ClusterIP' | 'NodePort', ip: string, ports: ApiService['spec']['ports']): ApiService => ({
  apiVersion: 'v1', kind: 'Service', metadata: meta(name),
  spec: { type, selector: { app: name }, clusterIP: ip, clusterIPs: [ip], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ...(ports ? { ports } : {}), sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' },
  status: { loadBalancer: {} },
});
const endpoints = (name: string, subsets?: ApiEndpoints['subsets']): ApiEndpoints => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta(name), ...(subsets ? { subsets } : {}) });
const addresses = (...ips: string[]) => ips.map((ip) => ({ ip }));

describe('kubectl\'s Service and Endpoints printers', () => {
  it('prints get services with PORT(S) as makePortString, <none> for EXTERNAL-IP', () => {
    const table = printServiceTable([
      service('web', 'NodePort', '10.96.0.20', [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }]),
      service('peers', 'ClusterIP', 'None', undefined),
    ], { allNamespaces: false, wide: true, nowMs: NOW });
    expect(table).toBe([
      'NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)               AGE   SELECTOR',
      'web     NodePort    10.96.0.20   <none>        80:30080/TCP,53/UDP   10m   app=web',
      'peers   ClusterIP   None         <none>        <none>                10m   app=peers',
      '',
    ].join('\n'));
  });

  it.each([
    ['no subsets', undefined, '<none>'],
    ['one port', [{ addresses: addresses('10.0.0.5', '10.0.0.6'), ports: [{ port: 8080, protocol: 'TCP' as const }] }], '10.0.0.5:8080,10.0.0.6:8080'],
    ['more than three', [{ addresses: addresses('10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8'), ports: [{ port: 8080, protocol: 'TCP' as const }] }], '10.0.0.5:8080,10.0.0.6:8080,10.0.0.7:8080 + 1 more...'],
    ['two ports', [{ addresses: addresses('10.0.0.5', '10.0.0.6'), ports: [{ name: 'a', port: 1, protocol: 'TCP' as const }, { name: 'b', port: 2, protocol: 'TCP' as const }] }], '10.0.0.5:1,10.0.0.6:1,10.0.0.5:2 + 1 more...'],
    ['only not-ready addresses', [{ notReadyAddresses: addresses('10.0.0.5'), ports: [{ port: 8080, protocol: 'TCP' as const }] }], ''],
    ['a headless Service without ports', [{ addresses: addresses('10.0.0.5'), ports: [] }], '10.0.0.5'],
  ])('formats ENDPOINTS as formatEndpoints: %s', (_why, subsets, expected) => {
    expect(formatEndpoints(endpoints('web', subsets))).toBe(expected);
  });

  it('prints get endpoints and describe service', () => {
    const ep = endpoints('web', [{ addresses: addresses('10.0.0.5'), ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(printEndpointsTable([ep], { allNamespaces: true, nowMs: NOW })).toBe('NAMESPACE   NAME   ENDPOINTS       AGE\ndefault     web    10.0.0.5:8080   10m\n');
    const text = describeService(service('web', 'ClusterIP', '10.96.0.20', [{ port: 80, protocol: 'TCP', targetPort: 8080 }]), ep);
    expect(text).toMatch(/\nPort: +<unset> {2}80\/TCP\nTargetPort: +8080\/TCP\nEndpoints: +10\.0\.0\.5:8080\nSession Affinity: +None\n/);
  });
});
