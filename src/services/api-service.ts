import { toRfc3339 } from '../api/rfc3339.js';
import type { ServiceProtocol } from '../api/service-types.js';
import type { StoredService } from './service-registry.js';

/** Services and their Endpoints in the Kubernetes REST shapes (v1), as `get -o yaml` and the API serve them. */

export type ServiceResource = 'services' | 'endpoints';

interface ApiObjectMeta {
  name: string;
  namespace: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ApiServicePort {
  name?: string;
  protocol: ServiceProtocol;
  port: number;
  targetPort: number | string;
  nodePort?: number;
  appProtocol?: string;
}

export interface ApiService {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ApiObjectMeta;
  spec: {
    type: 'ClusterIP' | 'NodePort';
    selector?: Record<string, string>;
    clusterIP: string;
    clusterIPs: string[];
    ipFamilies: ['IPv4'];
    ipFamilyPolicy: 'SingleStack';
    ports?: ApiServicePort[];
    sessionAffinity: 'None' | 'ClientIP';
    sessionAffinityConfig?: { clientIP: { timeoutSeconds: number } };
    publishNotReadyAddresses?: boolean;
    externalTrafficPolicy?: 'Cluster';
    internalTrafficPolicy: 'Cluster';
  };
  status: { loadBalancer: Record<string, never> };
}

export interface ApiEndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: 'Pod'; namespace: string; name: string };
}

export interface ApiEndpointSubset {
  addresses?: ApiEndpointAddress[];
  notReadyAddresses?: ApiEndpointAddress[];
  ports: { name?: string; port: number; protocol: ServiceProtocol }[];
}

export interface ApiEndpoints {
  apiVersion: 'v1';
  kind: 'Endpoints';
  metadata: ApiObjectMeta;
  subsets?: ApiEndpointSubset[];
}

function metadataOf(stored: StoredService): ApiObjectMeta {
  const { name, namespace, labels, annotations } = stored.object.object.metadata;
  return {
    name, namespace, creationTimestamp: toRfc3339(stored.createdMs),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

export function toApiService(stored: StoredService): ApiService {
  const { spec } = stored.object.object;
  const { view } = stored;
  const ports = spec.ports.map((p, i): ApiServicePort => {
    const nodePort = view.ports[i]?.nodePort;
    return {
      ...(p.name !== '' ? { name: p.name } : {}), protocol: p.protocol, port: p.port, targetPort: p.targetPort,
      ...(nodePort !== undefined ? { nodePort } : {}), ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
    };
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadataOf(stored),
    spec: {
      type: spec.type,
      ...(spec.selector !== undefined ? { selector: spec.selector } : {}),
      clusterIP: view.clusterIP,
      clusterIPs: [view.clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ...(ports.length > 0 ? { ports } : {}),
      sessionAffinity: spec.sessionAffinity,
      ...(spec.sessionAffinity === 'ClientIP' ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: spec.sessionAffinityTimeoutSeconds } } } : {}),
      ...(spec.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      ...(spec.type === 'NodePort' ? { externalTrafficPolicy: 'Cluster' as const } : {}),
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

/**
 * The Endpoints object the endpoints controller writes: backends with the same ports packed into
 * one subset (`endpoints.RepackSubsets`), ready ones (all of them with publishNotReadyAddresses)
 * under `addresses`, the others under `notReadyAddresses`; no subsets when there is no backend.
 */
export function toApiEndpoints(stored: StoredService, nodeName: string): ApiEndpoints {
  const { spec } = stored.object.object;
  const subsets = new Map<string, ApiEndpointSubset>();
  for (const b of stored.backends) {
    const ports = spec.ports.flatMap((p) => {
      const port = b.ports.get(p.name);
      return port === undefined ? [] : [{ ...(p.name !== '' ? { name: p.name } : {}), port, protocol: p.protocol }];
    });
    const key = JSON.stringify(ports);
    const subset = subsets.get(key) ?? { ports };
    subsets.set(key, subset);
    const [namespace, name] = b.podRef?.split('/') ?? [];
    const address: ApiEndpointAddress = {
      ip: b.ip,
      ...(b.hostname !== undefined ? { hostname: b.hostname } : {}),
      ...(namespace !== undefined && name !== undefined ? { nodeName, targetRef: { kind: 'Pod', namespace, name } } : {}),
    };
    if (b.ready || spec.publishNotReadyAddresses) (subset.addresses ??= []).push(address);
    else (subset.notReadyAddresses ??= []).push(address);
  }
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: metadataOf(stored), ...(subsets.size > 0 ? { subsets: [...subsets.values()] } : {}) };
}

/** `services "x" not found` / `endpoints "x" not found`: the API server's NotFound. */
export function serviceObjectNotFound(resource: ServiceResource, name: string): string {
  return `${resource} "${name}" not found`;
}
