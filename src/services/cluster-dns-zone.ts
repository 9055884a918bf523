import type { Answer } from 'dns-packet';
import type { EndpointView, ServiceView, ServicesView } from './service-view.js';

/** CoreDNS kubernetes plugin's default TTL, in seconds. */
export const CLUSTER_DNS_TTL = 5;
/** The Kubernetes DNS specification version this zone follows (`dns-version.<zone>` TXT). */
const SCHEMA_VERSION = '1.1.0';

/**
 * The cluster domain's records for one ServicesView, by lower-case owner name, as the Kubernetes
 * DNS specification (kubernetes/dns docs/specification.md) lays them out and CoreDNS's kubernetes
 * plugin serves them:
 * - `<svc>.<ns>.svc.<zone>` A: the ClusterIP; for a headless Service, each ready endpoint's IP
 *   (not-ready ones too with publishNotReadyAddresses); a headless Service without any has no name.
 * - `_<port>._<proto>.<svc>.<ns>.svc.<zone>` SRV for each named port: the Service's name, or each
 *   endpoint's `<hostname>.<svc>…` for a headless one (the dashed IP when it has no hostname, as CoreDNS).
 * - `<hostname>.<svc>.<ns>.svc.<zone>` A for a headless Service's endpoints.
 * - `<a-b-c-d>.<ns>.pod.<zone>` A for running pods (CoreDNS `pods verified`: only IPs a pod has).
 * - PTR for ClusterIPs (the Service name) and endpoints with a hostname (`<hostname>.<svc>…`).
 */
export interface ClusterZone {
  readonly domain: string;
  /** Records by lower-case owner name (no trailing dot). */
  readonly records: ReadonlyMap<string, readonly Answer[]>;
  /** Every name that exists, records or not (empty non-terminals such as `<ns>.svc.<zone>`). */
  readonly names: ReadonlySet<string>;
  /** The SOA's serial: the view's version. */
  readonly serial: number;
}

export function buildClusterZone(view: ServicesView, domain: string): ClusterZone {
  const zone = new ZoneBuilder(domain.toLowerCase());
  zone.add({ type: 'TXT', name: `dns-version.${zone.domain}`, ttl: CLUSTER_DNS_TTL, data: SCHEMA_VERSION });
  for (const service of view.services) addService(zone, service);
  for (const pod of view.pods) {
    zone.add({ type: 'A', name: `${pod.ip.replaceAll('.', '-')}.${pod.namespace}.pod.${zone.domain}`, ttl: CLUSTER_DNS_TTL, data: pod.ip });
  }
  return { domain: zone.domain, records: zone.records, names: zone.names, serial: view.version };
}

/** `10.96.0.1` → `1.0.96.10.in-addr.arpa`. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

function addService(zone: ZoneBuilder, service: ServiceView): void {
  const name = `${service.name}.${service.namespace}.svc.${zone.domain}`;
  if (service.clusterIP !== 'None') {
    zone.add({ type: 'A', name, ttl: CLUSTER_DNS_TTL, data: service.clusterIP });
    zone.add({ type: 'PTR', name: reverseName(service.clusterIP), ttl: CLUSTER_DNS_TTL, data: name });
    for (const port of service.ports.filter((p) => p.name !== '')) {
      zone.add({ type: 'SRV', name: srvName(port.name, port.protocol, name), ttl: CLUSTER_DNS_TTL, data: { priority: 0, weight: 100, port: port.port, target: name } });
    }
    return;
  }
  const published = service.endpoints.filter((e) => e.ready || service.publishNotReadyAddresses);
  const weight = published.length > 0 ? Math.floor(100 / published.length) : 0;
  for (const endpoint of published) {
    const host = `${endpointHostname(endpoint)}.${name}`;
    zone.add({ type: 'A', name, ttl: CLUSTER_DNS_TTL, data: endpoint.ip });
    zone.add({ type: 'A', name: host, ttl: CLUSTER_DNS_TTL, data: endpoint.ip });
    if (endpoint.hostname !== undefined) zone.add({ type: 'PTR', name: reverseName(endpoint.ip), ttl: CLUSTER_DNS_TTL, data: host });
    for (const port of service.ports.filter((p) => p.name !== '')) {
      const target = endpoint.ports.get(port.name);
      if (target === undefined) continue;
      zone.add({ type: 'SRV', name: srvName(port.name, port.protocol, name), ttl: CLUSTER_DNS_TTL, data: { priority: 0, weight, port: target, target: host } });
    }
  }
}

function srvName(port: string, protocol: string, service: string): string {
  return `_${port}._${protocol.toLowerCase()}.${service}`;
}

/** CoreDNS `endpointHostname`: the endpoint's hostname, else its IP with dashes. */
function endpointHostname(endpoint: EndpointView): string {
  return endpoint.hostname ?? endpoint.ip.replaceAll('.', '-');
}

class ZoneBuilder {
  readonly records = new Map<string, Answer[]>();
  readonly names = new Set<string>();

  constructor(readonly domain: string) {}

  add(record: Answer): void {
    const key = record.name.toLowerCase();
    const list = this.records.get(key) ?? [];
    if (!list.some((r) => r.type === record.type && JSON.stringify(r) === JSON.stringify(record))) list.push(record);
    this.records.set(key, list);
    // The name and its ancestors inside the zone exist (`svc.<zone>`, `<ns>.svc.<zone>`).
    if (!key.endsWith(`.${this.domain}`)) return;
    for (let n = key; n.length > this.domain.length; n = n.slice(n.indexOf('.') + 1)) this.names.add(n);
    this.names.add(this.domain);
  }
}
