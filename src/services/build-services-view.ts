import type { PodStatus } from '../api/pod-status-types.js';
import type { Pod } from '../api/pod-types.js';
import { type ManualEndpointSet, type Service, SERVICE_NAME_LABEL, isHeadless } from '../api/service-types.js';
import type { DesiredServiceObject } from '../manifests/desired-service-objects.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';
import type { Allocation, ServiceAddresses } from './allocate-service-addresses.js';
import { nodePortKey, serviceRef } from './allocate-service-addresses.js';
import { type Backend, type ServicePod, computeEndpoints, visibleBackends } from './compute-endpoints.js';
import type { PodAddressView, ServiceView } from './service-view.js';

/**
 * From the directory's Service objects, the pods' statuses and the allocation: each Service that
 * got its addresses with all its backends (for `get endpoints`), and the view the data path reads.
 * Pure.
 */

export interface RegisteredService {
  object: DesiredServiceObject & { object: Service };
  addresses: ServiceAddresses;
  /** Every backend, ready or not, ordered by IP. */
  backends: Backend[];
  view: ServiceView;
}

/** What the endpoints controller reads of a pod's record. */
export function servicePodOf(pod: Pod, status: PodStatus): ServicePod {
  const ready = status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  const finished = status.phase === 'Succeeded' || status.phase === 'Failed';
  return {
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    labels: pod.metadata.labels,
    ...(status.podIP ? { ip: status.podIP } : {}),
    ready,
    terminating: pod.metadata.deletionTimestamp !== undefined || finished,
    ...(pod.spec.hostname ? { hostname: pod.spec.hostname } : {}),
    ...(pod.spec.subdomain ? { subdomain: pod.spec.subdomain } : {}),
    containerPorts: pod.spec.containers.flatMap((c) => c.ports),
  };
}

export function isService(entry: DesiredServiceObject): entry is DesiredServiceObject & { object: Service } {
  return entry.object.kind === 'Service';
}

/** The Endpoints object named after the Service and the EndpointSlices labelled with its name. */
export function manualSetsFor(service: Service, objects: readonly DesiredServiceObject[]): ManualEndpointSet[] {
  const { namespace, name } = service.metadata;
  return objects.flatMap(({ object }) => {
    if (object.metadata.namespace !== namespace) return [];
    if (object.kind === 'Endpoints' && object.metadata.name === name) return object.subsets;
    if (object.kind === 'EndpointSlice' && object.metadata.labels[SERVICE_NAME_LABEL] === name) return [object.set];
    return [];
  });
}

/**
 * Endpoints and EndpointSlices naming a Service that has a selector: on a cluster the controller
 * overwrites them; here they are not used, and said so.
 */
export function shadowedEndpointsWarnings(objects: readonly DesiredServiceObject[]): ManifestProblem[] {
  const selected = new Set(objects.filter(isService).filter((e) => e.object.spec.selector !== undefined).map((e) => serviceRef(e.object)));
  return objects.flatMap(({ object, file, document }): ManifestProblem[] => {
    if (object.kind === 'Service') return [];
    const name = object.kind === 'Endpoints' ? object.metadata.name : object.metadata.labels[SERVICE_NAME_LABEL] ?? '';
    if (!selected.has(`${object.metadata.namespace}/${name}`)) return [];
    const message = `${object.kind} "${object.metadata.name}" is not used: Service "${name}" has a selector, so its endpoints are computed from the pods; remove the selector to list the backends yourself`;
    return [{ severity: 'warning', file, document, message }];
  });
}

export function registerServices(objects: readonly DesiredServiceObject[], pods: readonly ServicePod[], allocation: Allocation): RegisteredService[] {
  const out: RegisteredService[] = [];
  for (const entry of objects.filter(isService)) {
    const service = entry.object;
    const addresses = allocation.assigned.get(serviceRef(service));
    if (!addresses) continue;
    const backends = computeEndpoints(service, pods, service.spec.selector === undefined ? manualSetsFor(service, objects) : []);
    out.push({ object: entry, addresses, backends, view: toServiceView(service, addresses, visibleBackends(service, backends)) });
  }
  return out.sort((a, b) => compare(serviceRef(a.object.object), serviceRef(b.object.object)));
}

function toServiceView(service: Service, addresses: ServiceAddresses, backends: readonly Backend[]): ServiceView {
  const { spec, metadata } = service;
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    type: spec.type,
    clusterIP: isHeadless(service) ? 'None' : addresses.clusterIP,
    ports: spec.ports.map((p) => {
      const nodePort = addresses.nodePorts[nodePortKey(p)];
      return { name: p.name, protocol: p.protocol, port: p.port, ...(nodePort !== undefined ? { nodePort } : {}) };
    }),
    sessionAffinity: spec.sessionAffinity,
    sessionAffinityTimeoutSeconds: spec.sessionAffinityTimeoutSeconds,
    publishNotReadyAddresses: spec.publishNotReadyAddresses,
    endpoints: backends.map((b) => ({
      // The EndpointSlice controller's `ready` (k8s endpointslice `podToEndpoint`): a pod's readiness, or
      // true for every pod of a Service that publishes not-ready addresses. Manual backends keep theirs.
      ip: b.ip, ready: b.ready || (spec.publishNotReadyAddresses && b.podRef !== undefined), ports: new Map(b.ports),
      ...(b.hostname !== undefined ? { hostname: b.hostname } : {}),
      ...(b.podRef !== undefined ? { podRef: b.podRef } : {}),
    })),
  };
}

/** Every pod with an IP, for `<a-b-c-d>.<ns>.pod.<domain>`, by namespace, name. */
export function podAddresses(pods: readonly ServicePod[]): PodAddressView[] {
  return pods
    .flatMap((p) => (p.ip && !p.terminating ? [{ namespace: p.namespace, name: p.name, ip: p.ip }] : []))
    .sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
