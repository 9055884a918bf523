import type { ConfigObjectMeta } from './config-object-types.js';

/**
 * Services, Endpoints and EndpointSlices as the manifest directory gives them (after the API
 * server's defaulting), namespaced like pods. Only what one node serves is kept: the fields
 * minikubelet refuses (LoadBalancer, ExternalName, traffic policies, topology, IPv6) never get here.
 */

export type ServiceProtocol = 'TCP' | 'UDP';

export interface ServicePort {
  /** `''` when the Service has one unnamed port. */
  name: string;
  protocol: ServiceProtocol;
  port: number;
  /** A number, or the name of a container port (IANA_SVC_NAME), resolved per pod; defaults to `port`. */
  targetPort: number | string;
  /** Asked for in the manifest (NodePort Services); the allocator picks one when absent. */
  nodePort?: number;
  /** Informational (`http`, `kubernetes.io/h2c`…): kept and shown, not acted on, as kube-proxy does. */
  appProtocol?: string;
}

export interface ServiceSpec {
  type: 'ClusterIP' | 'NodePort';
  /** Absent: selector-less (backends from Endpoints/EndpointSlice documents, or none). */
  selector?: Record<string, string>;
  /** As written: `''` (allocate one), `'None'` (headless) or an address asked for. */
  clusterIP: string;
  ports: ServicePort[];
  publishNotReadyAddresses: boolean;
  sessionAffinity: 'None' | 'ClientIP';
  /** `sessionAffinityConfig.clientIP.timeoutSeconds` (default 10800) with ClientIP affinity. */
  sessionAffinityTimeoutSeconds: number;
}

export interface Service {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ConfigObjectMeta;
  spec: ServiceSpec;
}

/** One address of a manual backend list (Endpoints or EndpointSlice), for one Service. */
export interface ManualEndpoint {
  ip: string;
  ready: boolean;
  hostname?: string;
}

export interface ManualEndpointPort {
  name: string;
  protocol: ServiceProtocol;
  port: number;
}

/** One subset of an Endpoints object, or one EndpointSlice: addresses × ports. */
export interface ManualEndpointSet {
  endpoints: ManualEndpoint[];
  ports: ManualEndpointPort[];
}

/** `kind: Endpoints` (v1): named after its Service. */
export interface Endpoints {
  apiVersion: 'v1';
  kind: 'Endpoints';
  metadata: ConfigObjectMeta;
  subsets: ManualEndpointSet[];
}

/** `discovery.k8s.io/v1` EndpointSlice (IPv4): its Service is the `kubernetes.io/service-name` label. */
export interface EndpointSlice {
  apiVersion: 'discovery.k8s.io/v1';
  kind: 'EndpointSlice';
  metadata: ConfigObjectMeta;
  serviceName: string;
  addressType: 'IPv4';
  set: ManualEndpointSet;
}

export type ServiceObject = Service | Endpoints | EndpointSlice;
export type ServiceObjectKind = ServiceObject['kind'];

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;
export const MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;

/** `service/<ns>/<name>`, `endpoints/<ns>/<name>`, `endpointslice/<ns>/<name>`: ownership and change keys. */
export function serviceObjectKey(kind: ServiceObjectKind, namespace: string, name: string): string {
  return `${kind.toLowerCase()}/${namespace}/${name}`;
}

export function isServiceObjectKind(kind: unknown): kind is ServiceObjectKind {
  return kind === 'Service' || kind === 'Endpoints' || kind === 'EndpointSlice';
}

export function isHeadless(service: Service): boolean {
  return service.spec.clusterIP === 'None';
}
