import type { Pod } from '../api/pod-types.js';
import type { DnsSettings } from '../runtime/types.js';

/** k8s `pkg/kubelet/network/dns/dns.go` limits (validation caps dnsConfig itself; the merge can exceed them). */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

/** nameserver / search / options lines of a resolv.conf (the last search or domain line wins, as in glibc). */
export function parseResolvConf(text: string): DnsSettings {
  const settings: DnsSettings = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/[#;].*$/, '').trim().split(/\s+/).filter((f) => f !== '');
    const [key, ...values] = fields;
    if (key === 'nameserver' && values[0]) settings.servers.push(values[0]);
    else if (key === 'search' || key === 'domain') settings.searches = values;
    else if (key === 'options') settings.options.push(...values);
  }
  return settings;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** kubelet `mergeDNSOptions`: a dnsConfig option replaces the base option of the same name. */
function mergeOptions(base: readonly string[], extra: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const o of [...base, ...extra]) byName.set(o.split(':')[0]!, o);
  return [...byName.values()];
}

const isLoopback = (ip: string) => ip.startsWith('127.') || ip === '::1';

/**
 * The pod's resolv.conf as the kubelet builds it (`GetPodDNS`), for Docker's Dns / DnsSearch /
 * DnsOptions on the sandbox. minikubelet has no cluster DNS, so ClusterFirst falls back to Default
 * as in the kubelet. Undefined when the engine's own handling already gives the right file (no
 * dnsConfig and not dnsPolicy None):
 * - None: exactly dnsConfig (an empty search list is written as Docker's `.`, "no search").
 * - otherwise: the node's resolv.conf with dnsConfig appended (`appendDNSConfig`: nameservers and
 *   searches deduplicated, options merged by name). Loopback nameservers of the node are left out
 *   unless the pod shares the host network, as Docker does: they are unreachable from a pod.
 */
export function makeDnsSettings(pod: Pod, hostResolvConf: string): DnsSettings | undefined {
  const config = pod.spec.dnsConfig;
  const extra: DnsSettings = {
    servers: config?.nameservers ?? [],
    searches: config?.searches ?? [],
    options: (config?.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)),
  };
  if (pod.spec.dnsPolicy === 'None') {
    return { servers: extra.servers, searches: extra.searches.length > 0 ? extra.searches : ['.'], options: extra.options };
  }
  if (!config) return undefined;
  const base = parseResolvConf(hostResolvConf);
  const hostServers = pod.spec.hostNetwork ? base.servers : base.servers.filter((s) => !isLoopback(s));
  return {
    servers: unique([...hostServers, ...extra.servers]).slice(0, MAX_NAMESERVERS),
    searches: unique([...base.searches, ...extra.searches]).slice(0, MAX_SEARCHES),
    options: mergeOptions(base.options, extra.options),
  };
}
