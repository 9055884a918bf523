import { describe, expect, it } from 'vitest';
import { type StoredService } from './service-registry.js';
import { toApiEndpoints, toApiService } from './api-service.js';
import { registerServices } from './build-services-view.js';
import { podFixture, serviceFixture } from './testing/service-fixtures.js';
import type { Service } from '../api/service-types.js';
import type { ServicePod } from './compute-endpoints.js';

function stored(service: Service, pods: ServicePod[], clusterIP = '10.96.0.20', nodePorts: Record<string, number> = {}): StoredService {
  const ref = `${service.metadata.namespace}/${service.metadata.name}`;
  const [registered] = registerServices([{ object: service, file: '/m/a.yaml', document: 0 }], pods, { assigned: new Map([[ref, { clusterIP, nodePorts }]]), problems: [] });
  return { ...registered!, createdMs: Date.parse('2026-01-01T00:00:00Z') };
}

describe('the v1 objects of a Service', () => {
  it('fills clusterIP, clusterIPs, the families and the allocated node ports', () => {
    const service = serviceFixture('web', { type: 'NodePort', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }] });
    expect(toApiService(stored(service, [], '10.96.0.20', { '80/TCP': 30080 }))).toEqual({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: {
        type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 }], sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    });
  });

  it('packs the Endpoints subsets by port set, not-ready pods under notReadyAddresses', () => {
    const service = serviceFixture('web', { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }] });
    const pods = [
      podFixture('a', '172.17.0.5'),
      podFixture('b', '172.17.0.6', { ready: false }),
      podFixture('c', '172.17.0.7', { containerPorts: [{ name: 'http', containerPort: 9000, protocol: 'TCP' }] }),
    ];
    const target = (name: string) => ({ kind: 'Pod', namespace: 'default', name });
    expect(toApiEndpoints(stored(service, pods), 'node-1').subsets).toEqual([
      { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], addresses: [{ ip: '172.17.0.5', nodeName: 'node-1', targetRef: target('a') }], notReadyAddresses: [{ ip: '172.17.0.6', nodeName: 'node-1', targetRef: target('b') }] },
      { ports: [{ name: 'http', port: 9000, protocol: 'TCP' }], addresses: [{ ip: '172.17.0.7', nodeName: 'node-1', targetRef: target('c') }] },
    ]);
    const publishing = serviceFixture('web', { publishNotReadyAddresses: true });
    expect(toApiEndpoints(stored(publishing, pods.slice(0, 2)), 'node-1').subsets?.[0]?.addresses?.map((a) => a.ip)).toEqual(['172.17.0.5', '172.17.0.6']);
    expect(toApiEndpoints(stored(service, []), 'node-1')).not.toHaveProperty('subsets');
  });
});
