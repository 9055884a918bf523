import { DocumentReader, readObjectMeta } from './document-reader.js';
import { childPath, type FieldProblem } from './field-path.js';
import { DEFAULT_CLIENT_IP_TIMEOUT_SECONDS, type Service, type ServicePort, type ServiceSpec } from './service-types.js';
import { validateService } from './validate-service.js';

/**
 * One `kind: Service` document → the Service as the API server would store it (`type` ClusterIP,
 * `protocol` TCP, `targetPort` = `port`, `sessionAffinity` None defaulted: k8s
 * `pkg/apis/core/v1/defaults.go` `SetDefaults_Service`), validated. What one node cannot serve is
 * refused with its reason, never dropped. Pure.
 */

const LB_ONLY = 'only for type LoadBalancer, which minikubelet does not serve';
const REFUSED_SPEC: Record<string, string> = {
  externalIPs: 'externalIPs are not supported: they would take traffic for addresses of other machines; use type NodePort to reach the Service from outside the node',
  loadBalancerIP: LB_ONLY,
  loadBalancerSourceRanges: LB_ONLY,
  loadBalancerClass: LB_ONLY,
  allocateLoadBalancerNodePorts: LB_ONLY,
  healthCheckNodePort: LB_ONLY,
  externalName: 'only for type ExternalName, which minikubelet does not serve',
  topologyKeys: 'topology-aware routing is not supported: one node is the whole topology; remove the field',
  trafficDistribution: 'topology-aware routing is not supported: one node is the whole topology; remove the field',
};
const KNOWN_SPEC = [
  'type', 'selector', 'clusterIP', 'clusterIPs', 'ports', 'publishNotReadyAddresses', 'sessionAffinity', 'sessionAffinityConfig',
  'externalTrafficPolicy', 'internalTrafficPolicy', 'ipFamilies', 'ipFamilyPolicy',
];
const REFUSED_TYPES: Record<string, string> = {
  LoadBalancer: 'type LoadBalancer is not supported: it needs a cloud load balancer, which one node does not have; use type NodePort (reachable on the node\'s addresses)',
  ExternalName:
    'type ExternalName is not supported: minikubelet\'s cluster DNS serves the Services of this node (A and SRV records), not aliases of outside names; have the pods use the external name directly',
};

export interface DecodedService {
  object?: Service;
  problems: FieldProblem[];
}

export function decodeService(document: Record<string, unknown>): DecodedService {
  const r = new DocumentReader();
  if (document.apiVersion !== 'v1') {
    r.error('apiVersion', `${document.apiVersion === undefined ? 'required' : `apiVersion ${JSON.stringify(document.apiVersion)} is not supported`}: a Service is apiVersion v1`);
    return { problems: r.problems };
  }
  r.leftovers(document, '', ['apiVersion', 'kind', 'metadata', 'spec'], {}, ['status']);
  const metadata = readObjectMeta(r, document.metadata);
  const spec = readSpec(r, r.map(document.spec, 'spec') ?? {});
  if (!spec) return { problems: r.problems };
  const service: Service = { apiVersion: 'v1', kind: 'Service', metadata, spec };
  const decodingFailed = r.problems.some((p) => p.severity === 'error');
  return { object: service, problems: decodingFailed ? r.problems : [...r.problems, ...validateService(service)] };
}

function readSpec(r: DocumentReader, s: Record<string, unknown>): ServiceSpec | undefined {
  const type = r.str(s.type, 'spec.type') ?? 'ClusterIP';
  // The type's own refusal says it all for an ExternalName Service.
  r.leftovers(s, 'spec', type === 'ExternalName' ? [...KNOWN_SPEC, 'externalName'] : KNOWN_SPEC, REFUSED_SPEC);
  const refusedType = REFUSED_TYPES[type];
  if (refusedType !== undefined) return void r.error('spec.type', refusedType);
  if (type !== 'ClusterIP' && type !== 'NodePort') return void r.error('spec.type', `Unsupported value: ${JSON.stringify(type)}: supported values: "ClusterIP", "NodePort"`);
  checkPolicy(r, s.externalTrafficPolicy, 'spec.externalTrafficPolicy', 'Local keeps traffic on the node that received it, and one node always does');
  checkPolicy(r, s.internalTrafficPolicy, 'spec.internalTrafficPolicy', 'every backend is on this node');
  checkFamilies(r, s);
  const selector = r.stringMap(s.selector, 'spec.selector');
  const affinity = r.str(s.sessionAffinity, 'spec.sessionAffinity') ?? 'None';
  if (affinity !== 'None' && affinity !== 'ClientIP') r.error('spec.sessionAffinity', `Unsupported value: ${JSON.stringify(affinity)}: supported values: "ClientIP", "None"`);
  const timeout = readAffinityTimeout(r, s.sessionAffinityConfig, affinity);
  return {
    type,
    ...(selector !== undefined ? { selector } : {}),
    clusterIP: readClusterIP(r, s),
    ports: r.list(s.ports, 'spec.ports').flatMap((p, i) => readPort(r, p, childPath('spec.ports', i)) ?? []),
    publishNotReadyAddresses: r.bool(s.publishNotReadyAddresses, 'spec.publishNotReadyAddresses') ?? false,
    sessionAffinity: affinity === 'ClientIP' ? 'ClientIP' : 'None',
    sessionAffinityTimeoutSeconds: timeout ?? DEFAULT_CLIENT_IP_TIMEOUT_SECONDS,
  };
}

function checkPolicy(r: DocumentReader, value: unknown, path: string, why: string): void {
  const policy = r.str(value, path);
  if (policy === undefined || policy === 'Cluster') return;
  if (policy === 'Local') return r.error(path, `Local is not supported: ${why}; remove the field (the default is Cluster)`);
  r.error(path, `Unsupported value: ${JSON.stringify(policy)}: supported values: "Cluster", "Local"`);
}

function checkFamilies(r: DocumentReader, s: Record<string, unknown>): void {
  r.list(s.ipFamilies, 'spec.ipFamilies').forEach((f, i) => {
    const family = r.str(f, childPath('spec.ipFamilies', i));
    if (family !== undefined && family !== 'IPv4') r.error(childPath('spec.ipFamilies', i), `${JSON.stringify(family)} is not supported: minikubelet's Services are IPv4 only (--service-cluster-ip-range)`);
  });
  const policy = r.str(s.ipFamilyPolicy, 'spec.ipFamilyPolicy');
  if (policy === 'RequireDualStack') r.error('spec.ipFamilyPolicy', 'RequireDualStack is not supported: minikubelet\'s Services are IPv4 only; use SingleStack');
  else if (policy !== undefined && policy !== 'SingleStack' && policy !== 'PreferDualStack')
    r.error('spec.ipFamilyPolicy', `Unsupported value: ${JSON.stringify(policy)}: supported values: "PreferDualStack", "RequireDualStack", "SingleStack"`);
}

/** `clusterIP`, or the one entry of `clusterIPs` (which must agree with it, as `ValidateService` insists). */
function readClusterIP(r: DocumentReader, s: Record<string, unknown>): string {
  const single = r.str(s.clusterIP, 'spec.clusterIP');
  const ips = r.list(s.clusterIPs, 'spec.clusterIPs').map((v, i) => r.str(v, childPath('spec.clusterIPs', i)) ?? '');
  if (ips.length > 1) r.error('spec.clusterIPs', 'a second (dual-stack) address is not supported: minikubelet\'s Services are IPv4 only');
  const first = ips[0];
  if (first !== undefined && single !== undefined && single !== '' && first !== single)
    r.error('spec.clusterIPs', `Invalid value: ${JSON.stringify(ips)}: must be consistent with spec.clusterIP ${JSON.stringify(single)}`);
  return single || first || '';
}

function readAffinityTimeout(r: DocumentReader, value: unknown, affinity: string): number | undefined {
  const config = r.map(value, 'spec.sessionAffinityConfig');
  if (!config) return undefined;
  r.leftovers(config, 'spec.sessionAffinityConfig', ['clientIP']);
  const clientIP = r.map(config.clientIP, 'spec.sessionAffinityConfig.clientIP');
  if (affinity !== 'ClientIP') return void r.error('spec.sessionAffinityConfig', `Forbidden: must not be set when session affinity is ${affinity}`);
  if (!clientIP) return undefined;
  r.leftovers(clientIP, 'spec.sessionAffinityConfig.clientIP', ['timeoutSeconds']);
  return r.int(clientIP.timeoutSeconds, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds');
}

function readPort(r: DocumentReader, value: unknown, path: string): ServicePort | undefined {
  const p = r.map(value, path);
  if (!p) return undefined;
  r.leftovers(p, path, ['name', 'protocol', 'port', 'targetPort', 'nodePort', 'appProtocol']);
  const port = r.int(p.port, childPath(path, 'port')) ?? 0;
  const targetPort = r.intOrString(p.targetPort, childPath(path, 'targetPort'));
  const nodePort = r.int(p.nodePort, childPath(path, 'nodePort'));
  const protocol = r.str(p.protocol, childPath(path, 'protocol')) ?? 'TCP';
  if (protocol === 'SCTP') r.error(childPath(path, 'protocol'), 'SCTP is not supported: minikubelet\'s proxier forwards TCP and UDP; use one of them');
  else if (protocol !== 'TCP' && protocol !== 'UDP') r.error(childPath(path, 'protocol'), `Unsupported value: ${JSON.stringify(protocol)}: supported values: "SCTP", "TCP", "UDP"`);
  const appProtocol = r.str(p.appProtocol, childPath(path, 'appProtocol'));
  return {
    name: r.str(p.name, childPath(path, 'name')) ?? '',
    protocol: protocol === 'UDP' ? 'UDP' : 'TCP',
    port,
    // SetDefaults_Service: an absent (or zero) targetPort is the port.
    targetPort: targetPort === undefined || targetPort === 0 || targetPort === '' ? port : targetPort,
    ...(nodePort !== undefined && nodePort !== 0 ? { nodePort } : {}),
    ...(appProtocol ? { appProtocol } : {}),
  };
}
