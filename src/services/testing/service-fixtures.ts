import type { Service, ServicePort, ServiceSpec } from '../../api/service-types.js';
import type { ServicePod } from '../compute-endpoints.js';

/** A defaulted Service for unit tests: ClusterIP, one port 80 → 8080 unless told otherwise. */
export function serviceFixture(name: string, spec: Partial<ServiceSpec> = {}, namespace = 'default'): Service {
  const ports: ServicePort[] = [{ name: '', protocol: 'TCP', port: 80, targetPort: 8080 }];
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels: {}, annotations: {} },
    spec: { type: 'ClusterIP', selector: { app: name }, clusterIP: '', ports, publishNotReadyAddresses: false, sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, ...spec },
  };
}

/** A running, ready pod labelled `app: <app>` with a container port `http` 8080. */
export function podFixture(name: string, ip: string | undefined, overrides: Partial<ServicePod> = {}): ServicePod {
  return {
    namespace: 'default', name, labels: { app: 'web' }, ...(ip !== undefined ? { ip } : {}), ready: true, terminating: false,
    containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], ...overrides,
  };
}
