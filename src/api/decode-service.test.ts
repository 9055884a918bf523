import { describe, expect, it } from 'vitest';
import { decodeEndpoints } from './decode-endpoints.js';
import { decodeService } from './decode-service.js';
import { formatPath } from './field-path.js';

const svc = (spec: Record<string, unknown>, name = 'web'): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
const lines = (problems: { severity: string; path: string; message: string }[]) => problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);

describe('decodeService', () => {
  it('defaults a ClusterIP Service as SetDefaults_Service does', () => {
    const decoded = decodeService(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(decoded.problems).toEqual([]);
    expect(decoded.object?.spec).toEqual({
      type: 'ClusterIP', selector: { app: 'web' }, clusterIP: '', publishNotReadyAddresses: false, sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800,
      ports: [{ name: '', protocol: 'TCP', port: 80, targetPort: 80 }],
    });
    expect(decoded.object?.metadata.namespace).toBe('default');
  });

  it('keeps NodePort, named targetPorts, headless, affinity and publishNotReadyAddresses', () => {
    const decoded = decodeService(svc({
      type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'web', nodePort: 30080, appProtocol: 'http' }, { name: 'dns', protocol: 'UDP', port: 53 }],
      sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, publishNotReadyAddresses: true,
      externalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', clusterIPs: ['10.96.0.20'],
    }));
    expect(decoded.problems).toEqual([]);
    expect(decoded.object?.spec).toMatchObject({
      type: 'NodePort', clusterIP: '10.96.0.20', sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60, publishNotReadyAddresses: true,
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web', nodePort: 30080, appProtocol: 'http' }, { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 }],
    });
    expect(decodeService(svc({ clusterIP: 'None' })).problems).toEqual([]);
  });

  it('refuses an ExternalName Service once, for its type', () => {
    expect(lines(decodeService(svc({ type: 'ExternalName', externalName: 'db.example.com' })).problems)).toEqual([expect.stringMatching(/^error spec\.type: type ExternalName is not supported/)]);
  });

  it.each([
    [{ type: 'LoadBalancer', ports: [{ port: 80 }] }, 'error spec.type: type LoadBalancer is not supported: it needs a cloud load balancer'],
    [{ type: 'ExternalName', externalName: 'example.com' }, 'error spec.type: type ExternalName is not supported'],
    [{ type: 'Weird', ports: [{ port: 80 }] }, 'error spec.type: Unsupported value: "Weird"'],
    [{ ports: [{ port: 80 }], externalIPs: ['192.0.2.1'] }, 'error spec.externalIPs: externalIPs are not supported'],
    [{ type: 'NodePort', ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }, 'error spec.externalTrafficPolicy: Local is not supported'],
    [{ ports: [{ port: 80 }], internalTrafficPolicy: 'Local' }, 'error spec.internalTrafficPolicy: Local is not supported'],
    [{ ports: [{ port: 80 }], ipFamilies: ['IPv6'] }, 'error spec.ipFamilies[0]: "IPv6" is not supported'],
    [{ ports: [{ port: 80 }], ipFamilyPolicy: 'RequireDualStack' }, 'error spec.ipFamilyPolicy: RequireDualStack is not supported'],
    [{ ports: [{ port: 80 }], clusterIPs: ['10.96.0.20', 'fd00::1'] }, 'error spec.clusterIPs: a second (dual-stack) address is not supported'],
    [{ ports: [{ port: 80 }], trafficDistribution: 'PreferClose' }, 'error spec.trafficDistribution: topology-aware routing is not supported'],
    [{ ports: [{ port: 80 }], loadBalancerIP: '1.2.3.4' }, 'error spec.loadBalancerIP: only for type LoadBalancer'],
    [{ ports: [{ port: 80, protocol: 'SCTP' }] }, 'error spec.ports[0].protocol: SCTP is not supported'],
    [{ ports: [{ port: 80, protocol: 'ICMP' }] }, 'error spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'],
    [{ ports: [{ port: '80' }] }, 'error spec.ports[0].port: must be an integer (int32), got string "80"'],
    [{ ports: [{ port: 80 }], colour: 'blue' }, 'warning spec.colour: unknown field, ignored'],
  ])('refuses or reports %j', (spec, expected) => {
    expect(lines(decodeService(svc(spec)).problems)).toContainEqual(expect.stringContaining(expected));
  });

  it.each([
    ['a name that is not a DNS-1035 label', svc({ ports: [{ port: 80 }] }, '1web'), 'error metadata.name: invalid value "1web": a DNS-1035 label must consist of'],
    ['no ports', svc({}), 'error spec.ports: Required value'],
    ['two ports, one unnamed', svc({ ports: [{ name: 'a', port: 80 }, { port: 81 }] }), 'error spec.ports[1].name: Required value'],
    ['two ports of one name', svc({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }), 'error spec.ports[1].name: Duplicate value: "a"'],
    ['a port twice', svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), 'error spec.ports[1]: Duplicate value: port 80 with protocol TCP'],
    ['port 0', svc({ ports: [{ port: 70000 }] }), 'error spec.ports[0].port: invalid value 70000: must be between 1 and 65535, inclusive'],
    ['a bad targetPort name', svc({ ports: [{ port: 80, targetPort: 'Web_Port' }] }), 'error spec.ports[0].targetPort: invalid value "Web_Port": must contain only alpha-numeric characters'],
    ['a nodePort on ClusterIP', svc({ ports: [{ port: 80, nodePort: 30080 }] }), "error spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ['a headless NodePort', svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }), "error spec.clusterIP: invalid value \"None\": may not be set to 'None' for LoadBalancer or NodePort services"],
    ['a clusterIP that is no address', svc({ clusterIP: '10.96.0.300', ports: [{ port: 80 }] }), 'error spec.clusterIP: invalid value "10.96.0.300": must be a valid IPv4 address'],
    ['an affinity timeout too long', svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } }, ports: [{ port: 80 }] }), 'must be greater than 0 and less than 86400'],
    ['an affinity config without ClientIP', svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80 }] }), 'error spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None'],
    ['a bad selector value', svc({ selector: { app: 'a b' }, ports: [{ port: 80 }] }), `error ${formatPath(['spec', 'selector', 'app'])}: invalid value "a b"`],
    ['a v2 Service', { apiVersion: 'v2', kind: 'Service', metadata: { name: 'web' } }, 'error apiVersion: apiVersion "v2" is not supported: a Service is apiVersion v1'],
  ])('validates like ValidateService: %s', (_why, document, expected) => {
    expect(lines(decodeService(document).problems)).toContainEqual(expect.stringContaining(expected));
  });
});

describe('decodeEndpoints', () => {
  const endpoints = (subsets: unknown) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db' }, subsets });
  const slice = (extra: Record<string, unknown>, labels: Record<string, string> = { 'kubernetes.io/service-name': 'db' }) =>
    ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'db-1', labels }, addressType: 'IPv4', ...extra });

  it('reads the ready and not-ready addresses of an Endpoints object', () => {
    const decoded = decodeEndpoints(endpoints([{ addresses: [{ ip: '172.17.0.5', hostname: 'db-0' }], notReadyAddresses: [{ ip: '172.17.0.6' }], ports: [{ port: 5432 }] }]));
    expect(decoded.problems).toEqual([]);
    expect(decoded.object).toMatchObject({ kind: 'Endpoints', subsets: [{ endpoints: [{ ip: '172.17.0.5', ready: true, hostname: 'db-0' }, { ip: '172.17.0.6', ready: false }], ports: [{ name: '', port: 5432, protocol: 'TCP' }] }] });
  });

  it('reads an EndpointSlice: ready unless said otherwise, terminating ones not ready', () => {
    const decoded = decodeEndpoints(slice({ endpoints: [{ addresses: ['172.17.0.5'] }, { addresses: ['172.17.0.6'], conditions: { ready: true, terminating: true } }], ports: [{ name: 'pg', port: 5432 }] }));
    expect(decoded.problems).toEqual([]);
    expect(decoded.object).toMatchObject({ kind: 'EndpointSlice', serviceName: 'db', set: { endpoints: [{ ip: '172.17.0.5', ready: true }, { ip: '172.17.0.6', ready: false }] } });
  });

  it.each([
    ['a loopback address', endpoints([{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 1 }] }]), 'error subsets[0].addresses[0].ip: invalid value "127.0.0.1": may not be in the loopback range'],
    ['a subset without addresses', endpoints([{ ports: [{ port: 1 }] }]), 'error subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'],
    ['a subset without ports', endpoints([{ addresses: [{ ip: '10.1.0.1' }] }]), 'error subsets[0].ports: Required value'],
    ['two unnamed ports', endpoints([{ addresses: [{ ip: '10.1.0.1' }], ports: [{ name: 'a', port: 1 }, { port: 2 }] }]), 'error subsets[0].ports[1].name: Required value'],
    ['an IPv6 slice', slice({ addressType: 'IPv6', endpoints: [] }), 'error addressType: IPv6 is not supported'],
    ['a slice of no Service', slice({ endpoints: [] }, {}), 'error metadata.labels["kubernetes.io/service-name"]: required'],
    ['an endpoint without address', slice({ endpoints: [{ addresses: [] }] }), 'error endpoints[0].addresses: Invalid value: must have at least 1 and at most 100 addresses'],
  ])('refuses %s', (_why, document, expected) => {
    expect(lines(decodeEndpoints(document).problems)).toContainEqual(expect.stringContaining(expected));
  });
});
