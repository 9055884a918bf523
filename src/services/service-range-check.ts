import { type Ipv4Cidr, cidrContains, cidrSize, cidrsOverlap, parseIpv4Cidr } from '../shared/ipv4-cidr.js';

/** A route of the host's main table (`ip -4 route`), as its destination and device. */
export interface HostRoute {
  destination: Ipv4Cidr;
  device: string;
  /** The line as `ip` printed it, for the error. */
  text: string;
}

/** Another agent's claim on a Service range: the alias of its interface. */
export interface RangeClaim {
  nodeName: string;
  range: Ipv4Cidr;
  interfaceName: string;
}

export interface ServiceRangeFacts {
  nodeName: string;
  range: Ipv4Cidr;
  /** Where the cluster DNS is served. */
  clusterDns: string;
  /** The pods' subnets (Docker's bridge network). */
  podNetwork: readonly Ipv4Cidr[];
  routes: readonly HostRoute[];
  /** The claims of the agents on this machine, this one's included (skipped by node name). */
  claims: readonly RangeClaim[];
}

const FIX = 'choose another range with --service-cluster-ip-range (or serviceClusterIpRange in the config file)';

/**
 * The start-time checks of the Service range, pure: every reason the agent must refuse to start,
 * each naming what collides and what to do. The range must not overlap the pods' network, a route
 * of the host (a ClusterIP there would hide a real destination), nor another agent's range on this
 * machine (their chains and addresses would fight); it must hold the cluster DNS's address when
 * that defaults to its 10th address.
 */
export function checkServiceRange(facts: ServiceRangeFacts): string[] {
  const { range } = facts;
  const errors: string[] = [];
  const where = `--service-cluster-ip-range ${range.text}`;
  if (cidrSize(range) < 16) errors.push(`${where} is too small: it must hold the cluster DNS (its 10th address) and the ClusterIPs; use a /28 or larger`);
  for (const subnet of facts.podNetwork) {
    if (cidrsOverlap(range, subnet)) errors.push(`${where} overlaps the pods' network ${subnet.text} (Docker's bridge network): ${FIX}`);
  }
  // The agents' own routes (a range into its interface) are claims, checked below with the agent's name.
  const agentDevices = new Set(facts.claims.map((c) => c.interfaceName));
  for (const route of facts.routes) {
    if (route.destination.prefix === 0 || agentDevices.has(route.device) || facts.podNetwork.some((s) => s.text === route.destination.text)) continue;
    if (cidrsOverlap(range, route.destination)) errors.push(`${where} overlaps the host's route "${route.text}": ${FIX}`);
  }
  for (const claim of facts.claims) {
    if (claim.nodeName === facts.nodeName || !cidrsOverlap(range, claim.range)) continue;
    errors.push(
      `${where} overlaps ${claim.range.text}, the Service range of the agent of node "${claim.nodeName}" on this machine (interface ${claim.interfaceName}): ` +
        `give each agent its own range, or remove that agent's leftovers with \`minikubelet cleanup-services --node-name ${claim.nodeName}\``,
    );
  }
  // The agent puts the DNS address on its own interface: outside its range, it could hide a real host.
  if (!cidrContains(range, facts.clusterDns)) errors.push(`--cluster-dns ${facts.clusterDns} is outside ${where}: the agent serves the cluster DNS on an address of its Service range; leave --cluster-dns unset (the range's 10th address) or pick one inside it`);
  return errors;
}

/** `ip -4 route` output → routes with a CIDR destination (`default` is 0.0.0.0/0). */
export function parseHostRoutes(text: string): HostRoute[] {
  return text.split('\n').flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    const first = fields[0] === 'unreachable' || fields[0] === 'blackhole' || fields[0] === 'prohibit' ? fields[1] : fields[0];
    if (!first) return [];
    const cidr = parseIpv4Cidr(first === 'default' ? '0.0.0.0/0' : first.includes('/') ? first : `${first}/32`);
    if (!cidr.ok) return [];
    const dev = fields.indexOf('dev');
    return [{ destination: cidr.value, device: dev >= 0 ? fields[dev + 1] ?? '' : '', text: line.trim() }];
  });
}

/** The alias an agent writes on its interface, and reads back from the others'. */
export function claimAlias(nodeName: string, range: Ipv4Cidr): string {
  return `minikubelet node=${nodeName} range=${range.text}`;
}

/** `ip -o link show` output → the claims written by `claimAlias`. */
export function parseClaims(text: string): RangeClaim[] {
  return text.split('\n').flatMap((line) => {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    const alias = /alias minikubelet node=(\S+) range=(\S+)/.exec(line);
    const range = alias ? parseIpv4Cidr(alias[2]!) : undefined;
    return name && alias && range?.ok ? [{ nodeName: alias[1]!, range: range.value, interfaceName: name }] : [];
  });
}
