import type { EndpointView, ServicePortView, ServiceView, ServicesView } from './service-view.js';
import { endpointChain, serviceChain } from './service-network-names.js';
import { compareStrings } from '../shared/compare-strings.js';

/** kube-proxy's masquerade bit (`--iptables-masquerade-bit` 14). */
export const MASQUERADE_MARK = '0x4000';

export interface ProxyRulesInput {
  view: ServicesView;
  /** `chainPrefix(nodeName)`: every chain made here starts with it. */
  prefix: string;
  /** The pods' network (Docker's bridge subnet): traffic to a ClusterIP from elsewhere is masqueraded; unknown: all of it. */
  podCidr: string | undefined;
  /** `net.ipv4.conf.all.route_localnet` is 1: NodePorts answer on 127.0.0.1 too (kube-proxy's `--iptables-localhost-nodeports`). */
  localhostNodePorts: boolean;
  /** The agent's chains that exist now (`iptables-save`), by table: those not made again are deleted. */
  existing: { nat: readonly string[]; filter: readonly string[] };
}

/** A jump from a built-in chain into the agent's, added once (`iptables -I`), removed at clean-up. */
export interface BuiltinJump {
  table: 'nat' | 'filter';
  chain: string;
  args: string[];
}

/** The top chains of the agent, the ones built-in chains jump to. */
export function topChains(prefix: string) {
  return { services: `${prefix}SERVICES`, nodePorts: `${prefix}NODEPORTS`, postrouting: `${prefix}POSTROUTING`, markMasq: `${prefix}MARK-MASQ`, forward: `${prefix}FORWARD`, firewall: `${prefix}FIREWALL` };
}

/** kube-proxy's jumps: nat PREROUTING and OUTPUT → SERVICES, POSTROUTING → POSTROUTING; filter FORWARD (and INPUT with localhost NodePorts). */
export function builtinJumps(prefix: string, nodeName: string, localhostNodePorts: boolean): BuiltinJump[] {
  const top = topChains(prefix);
  const comment = (what: string) => ['-m', 'comment', '--comment', `minikubelet ${nodeName} ${what}`];
  const jumps: BuiltinJump[] = [
    { table: 'nat', chain: 'PREROUTING', args: [...comment('service portals'), '-j', top.services] },
    { table: 'nat', chain: 'OUTPUT', args: [...comment('service portals'), '-j', top.services] },
    { table: 'nat', chain: 'POSTROUTING', args: [...comment('postrouting rules'), '-j', top.postrouting] },
    { table: 'filter', chain: 'FORWARD', args: [...comment('forwarding rules'), '-j', top.forward] },
  ];
  if (localhostNodePorts) jumps.push({ table: 'filter', chain: 'INPUT', args: [...comment('localnet guard'), '-j', top.firewall] });
  return jumps;
}

/**
 * The agent's chains as kube-proxy's iptables mode makes them (pkg/proxy/iptables/proxier.go
 * `syncProxyRules`), as `iptables-restore --noflush` text: each chain declared (so flushed) and
 * written in full, stale chains of the agent flushed and deleted, nothing else touched.
 * - SERVICES: `-d <ClusterIP> -p <proto> --dport <port>` → the Service port's SVC chain; last,
 *   local destinations → NODEPORTS.
 * - SVC: traffic from outside the pods' network marked for masquerade; with ClientIP affinity a
 *   `recent` check per backend first; then the ready backends picked at random (`statistic`,
 *   probability 1/(n−i)).
 * - SEP: a backend reaching its own Service marked for masquerade (hairpin), then DNAT to ip:port.
 * - NODEPORTS: `--dport <nodePort>` marked for masquerade → SVC.
 * - POSTROUTING masquerades the marked packets; filter FORWARD accepts them (Docker's FORWARD drops
 *   what it does not know).
 */
export function makeProxyRules(input: ProxyRulesInput): string {
  const top = topChains(input.prefix);
  const nat = new ChainSet();
  for (const chain of [top.services, top.nodePorts, top.postrouting, top.markMasq]) nat.declare(chain);
  nat.rule(top.markMasq, `-j MARK --or-mark ${MASQUERADE_MARK}`);
  nat.rule(top.postrouting, `-m mark ! --mark ${MASQUERADE_MARK}/${MASQUERADE_MARK} -j RETURN`);
  nat.rule(top.postrouting, `-j MARK --xor-mark ${MASQUERADE_MARK}`);
  nat.rule(top.postrouting, `-m comment --comment "minikubelet service traffic requiring SNAT" -j MASQUERADE`);
  const services = [...input.view.services].filter((s) => s.clusterIP !== 'None').sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  for (const service of services) for (const port of service.ports) addServicePort(nat, input, service, port);
  const nodePortsRule = input.localhostNodePorts ? '' : '! -d 127.0.0.0/8 ';
  nat.rule(top.services, `-m comment --comment "minikubelet service nodeports" ${nodePortsRule}-m addrtype --dst-type LOCAL -j ${top.nodePorts}`);

  const filter = new ChainSet();
  filter.declare(top.forward);
  filter.rule(top.forward, `-m comment --comment "minikubelet forwarding rules" -m mark --mark ${MASQUERADE_MARK}/${MASQUERADE_MARK} -j ACCEPT`);
  if (input.localhostNodePorts) {
    filter.declare(top.firewall);
    filter.rule(top.firewall, '-m comment --comment "block incoming localnet connections" ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP');
  }
  return `${nat.render('nat', input.existing.nat, input.prefix)}${filter.render('filter', input.existing.filter, input.prefix)}`;
}

function addServicePort(nat: ChainSet, input: ProxyRulesInput, service: ServiceView, port: ServicePortView): void {
  const top = topChains(input.prefix);
  const name = `${service.namespace}/${service.name}${port.name ? `:${port.name}` : ''}`;
  const proto = port.protocol.toLowerCase();
  const svc = serviceChain(input.prefix, name, port.protocol);
  nat.declare(svc);
  const match = `-d ${service.clusterIP}/32 -p ${proto} -m ${proto} --dport ${port.port}`;
  nat.rule(top.services, `-m comment --comment "${name} cluster IP" ${match} -j ${svc}`);
  nat.rule(svc, `-m comment --comment "${name} cluster IP" ${match} ${input.podCidr ? `! -s ${input.podCidr} ` : ''}-j ${top.markMasq}`);
  if (port.nodePort !== undefined) {
    const nodePort = `-m comment --comment "${name} node port" -p ${proto} -m ${proto} --dport ${port.nodePort}`;
    nat.rule(top.nodePorts, `${nodePort} -j ${top.markMasq}`);
    nat.rule(top.nodePorts, `${nodePort} -j ${svc}`);
  }
  const backends = service.endpoints.flatMap((e) => (e.ready && e.ports.has(port.name) ? [{ endpoint: e, target: e.ports.get(port.name)! }] : []));
  const seps = backends.map(({ endpoint, target }) => ({ chain: endpointChain(input.prefix, name, port.protocol, `${endpoint.ip}:${target}`), endpoint, target }));
  const affinity = service.sessionAffinity === 'ClientIP';
  if (affinity) {
    for (const sep of seps) {
      nat.rule(svc, `-m comment --comment "${name} -> ${sep.endpoint.ip}:${sep.target}" -m recent --name ${sep.chain} --rcheck --seconds ${service.sessionAffinityTimeoutSeconds} --reap -j ${sep.chain}`);
    }
  }
  seps.forEach((sep, i) => {
    const spread = i < seps.length - 1 ? `-m statistic --mode random --probability ${(1 / (seps.length - i)).toFixed(10)} ` : '';
    nat.rule(svc, `-m comment --comment "${name} -> ${sep.endpoint.ip}:${sep.target}" ${spread}-j ${sep.chain}`);
    addEndpoint(nat, input, sep.chain, sep.endpoint, sep.target, proto, affinity);
  });
}

function addEndpoint(nat: ChainSet, input: ProxyRulesInput, chain: string, endpoint: EndpointView, target: number, proto: string, affinity: boolean): void {
  nat.declare(chain);
  nat.rule(chain, `-s ${endpoint.ip}/32 -j ${topChains(input.prefix).markMasq}`);
  nat.rule(chain, `-p ${proto} ${affinity ? `-m recent --name ${chain} --set ` : ''}-m ${proto} -j DNAT --to-destination ${endpoint.ip}:${target}`);
}

/** Chains in declaration order and their rules, rendered as one table's iptables-restore section. */
class ChainSet {
  private readonly chains = new Map<string, string[]>();

  declare(chain: string): void {
    if (!this.chains.has(chain)) this.chains.set(chain, []);
  }

  rule(chain: string, rule: string): void {
    this.chains.get(chain)!.push(`-A ${chain} ${rule}`);
  }

  render(table: string, existing: readonly string[], prefix: string): string {
    const stale = existing.filter((c) => c.startsWith(prefix) && !this.chains.has(c));
    const lines = [`*${table}`, ...[...this.chains.keys(), ...stale].map((c) => `:${c} - [0:0]`)];
    for (const rules of this.chains.values()) lines.push(...rules);
    lines.push(...stale.map((c) => `-X ${c}`), 'COMMIT');
    return `${lines.join('\n')}\n`;
  }
}
