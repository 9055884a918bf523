import { createHash } from 'node:crypto';
import type { Service } from '../api/service-types.js';
import { type Ipv4Cidr, cidrAddress, cidrContains, cidrSize, ipv4ToNumber } from '../shared/ipv4-cidr.js';

/**
 * The ClusterIP and NodePort allocators of the API server (k8s `pkg/registry/core/service/ipallocator`,
 * `portallocator`), for the Services of one node. Pure: the record of what was given before
 * (`<root-dir>/service-ips.json`, `service-address-record.ts`) is an input and the new one an output.
 *
 * - An address asked for in `spec.clusterIP` is given when it is in the range and free, else refused
 *   in the API server's words. The range's network and broadcast addresses are never given; its first
 *   host (`.1`, the `kubernetes` Service's on a cluster) and the cluster DNS's (`.10`, or `--cluster-dns`
 *   when in the range) are reserved.
 * - A Service that had an address keeps it (first come, first served: a newcomer asking for it is refused).
 * - Otherwise a stable choice: a hash of `namespace/name` picks the start, probing forward to the next
 *   free address, so the same Service gets the same address even when the record is lost.
 * - NodePorts likewise from the node-port range, per Service port (`port/protocol`).
 * A Service no longer given (removed) is not in the new record: its address and ports are free.
 */

export interface NodePortRange {
  readonly min: number;
  readonly max: number;
}

/** What one Service holds: its ClusterIP (`None` for headless) and node ports by `port/protocol`. */
export interface ServiceAddresses {
  clusterIP: string;
  nodePorts: Record<string, number>;
}

/** `namespace/name` → what the Service holds. */
export type ServiceAddressBook = ReadonlyMap<string, ServiceAddresses>;

export interface AllocationProblem {
  /** `namespace/name` of the Service. */
  service: string;
  path: string;
  message: string;
}

export interface AllocationInput {
  services: readonly Service[];
  recorded: ServiceAddressBook;
  range: Ipv4Cidr;
  nodePortRange: NodePortRange;
  /** `--cluster-dns`, when set (reserved if in the range). */
  clusterDns?: string;
}

export interface Allocation {
  /** Only the Services that got everything they need; the others are in `problems`. */
  assigned: Map<string, ServiceAddresses>;
  problems: AllocationProblem[];
}

export function serviceRef(service: Service): string {
  return `${service.metadata.namespace}/${service.metadata.name}`;
}

export function nodePortKey(port: { port: number; protocol: string }): string {
  return `${port.port}/${port.protocol}`;
}

/** The reserved addresses of the range and why (shown when a manifest asks for one). */
export function reservedClusterIPs(range: Ipv4Cidr, clusterDns?: string): Map<string, string> {
  const reserved = new Map<string, string>();
  const first = cidrAddress(range, 1);
  if (first !== undefined) reserved.set(first, 'the first address of the range is kept for the kubernetes Service, as on a cluster');
  const dns = clusterDns !== undefined && cidrContains(range, clusterDns) ? clusterDns : cidrAddress(range, 10);
  if (dns !== undefined) reserved.set(dns, 'it is the cluster DNS address');
  return reserved;
}

export function allocateServiceAddresses(input: AllocationInput): Allocation {
  const { range, nodePortRange } = input;
  const reserved = reservedClusterIPs(range, input.clusterDns);
  const ipsTaken = new Map<string, string>();
  const portsTaken = new Map<number, string>();
  const problems: AllocationProblem[] = [];
  const assigned = new Map<string, ServiceAddresses>();
  const byRef = new Map(input.services.map((s) => [serviceRef(s), s]));
  // First come, first served: what the record holds is claimed before anything new.
  const ordered = [...byRef.keys()].sort((a, b) => Number(input.recorded.has(b)) - Number(input.recorded.has(a)) || (a < b ? -1 : a > b ? 1 : 0));
  for (const ref of ordered) {
    const service = byRef.get(ref)!;
    const before = input.recorded.get(ref);
    const ip = clusterIPFor(service, before?.clusterIP, { range, reserved, ipsTaken });
    if ('error' in ip) {
      problems.push({ service: ref, path: 'spec.clusterIP', message: ip.error });
      continue;
    }
    const ports = nodePortsFor(service, before?.nodePorts ?? {}, nodePortRange, portsTaken);
    if ('error' in ports) {
      problems.push({ service: ref, path: ports.path, message: ports.error });
      continue;
    }
    if (ip.ip !== 'None') ipsTaken.set(ip.ip, ref);
    for (const n of new Set(Object.values(ports.ports))) portsTaken.set(n, ref);
    assigned.set(ref, { clusterIP: ip.ip, nodePorts: ports.ports });
  }
  return { assigned, problems };
}

interface IpState {
  range: Ipv4Cidr;
  reserved: ReadonlyMap<string, string>;
  ipsTaken: ReadonlyMap<string, string>;
}

function clusterIPFor(service: Service, recorded: string | undefined, state: IpState): { ip: string } | { error: string } {
  const asked = service.spec.clusterIP;
  if (asked === 'None') return { ip: 'None' };
  const { range, reserved, ipsTaken } = state;
  const usable = (ip: string) => cidrContains(range, ip) && !isEdge(range, ip) && !reserved.has(ip) && !ipsTaken.has(ip);
  if (asked !== '') {
    const prefix = `failed to allocate IP ${asked}:`;
    if (!cidrContains(range, asked) || isEdge(range, asked))
      return { error: `${prefix} the provided IP (${asked}) is not in the valid range. The range of valid IPs is ${range.text} (--service-cluster-ip-range); choose an address in it or remove spec.clusterIP` };
    const why = reserved.get(asked);
    if (why !== undefined) return { error: `${prefix} provided IP is already allocated (${why}); choose another address or remove spec.clusterIP` };
    const holder = ipsTaken.get(asked);
    if (holder !== undefined) return { error: `${prefix} provided IP is already allocated (to Service ${holder}); choose another address or remove spec.clusterIP` };
    return { ip: asked };
  }
  if (recorded !== undefined && recorded !== 'None' && usable(recorded)) return { ip: recorded };
  const size = cidrSize(range);
  const start = hashOffset(serviceRef(service), size);
  for (let i = 0; i < size; i++) {
    const candidate = cidrAddress(range, (start + i) % size)!;
    if (usable(candidate)) return { ip: candidate };
  }
  return { error: `failed to allocate a serviceIP: range is full (${range.text}, --service-cluster-ip-range); remove a Service or widen the range` };
}

/** The network and broadcast addresses are never given (IPv4 ranges of more than two addresses). */
function isEdge(range: Ipv4Cidr, ip: string): boolean {
  const size = cidrSize(range);
  if (size <= 2) return false;
  const offset = ipv4ToNumber(ip)! - range.base;
  return offset === 0 || offset === size - 1;
}

function nodePortsFor(
  service: Service, recorded: Record<string, number>, range: NodePortRange, taken: ReadonlyMap<number, string>,
): { ports: Record<string, number> } | { error: string; path: string } {
  const ports: Record<string, number> = {};
  if (service.spec.type !== 'NodePort') return { ports };
  const mine = new Set<number>();
  const free = (n: number) => n >= range.min && n <= range.max && !taken.has(n) && !mine.has(n);
  const rangeText = `${range.min}-${range.max}`;
  for (const [i, p] of service.spec.ports.entries()) {
    const key = nodePortKey(p);
    const path = `spec.ports[${i}].nodePort`;
    if (p.nodePort !== undefined) {
      if (p.nodePort < range.min || p.nodePort > range.max)
        return { path, error: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${rangeText} (--service-node-port-range); choose a port in it or remove nodePort` };
      const holder = taken.get(p.nodePort);
      if (holder !== undefined) return { path, error: `Invalid value: ${p.nodePort}: provided port is already allocated (to Service ${holder}); choose another port or remove nodePort` };
      ports[key] = p.nodePort;
    } else if (recorded[key] !== undefined && free(recorded[key])) {
      ports[key] = recorded[key];
    } else {
      const size = range.max - range.min + 1;
      const start = hashOffset(`${serviceRef(service)}/${key}`, size);
      let chosen: number | undefined;
      for (let j = 0; j < size && chosen === undefined; j++) if (free(range.min + ((start + j) % size))) chosen = range.min + ((start + j) % size);
      if (chosen === undefined) return { path, error: `failed to allocate a nodePort: range is full (${rangeText}, --service-node-port-range); remove a NodePort Service or widen the range` };
      ports[key] = chosen;
    }
    mine.add(ports[key]);
  }
  return { ports };
}

function hashOffset(text: string, size: number): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) % size;
}
