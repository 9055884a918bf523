import type { Pod } from '../api/pod-types.js';
import type { DnsSettings } from '../runtime/types.js';

/**
 * k8s `pkg/kubelet/network/dns/dns.go` limits (ExpandedDNSConfig, GA): validation caps dnsConfig
 * itself; the merge with the node's resolv.conf and the cluster search list can exceed them.
 */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;
/** A search path longer than a DNS-1123 subdomain aborts some resolvers (glibc 2.28): dropped. */
const MAX_SEARCH_LENGTH = 253;
/** kubelet `defaultDNSOptions` of ClusterFirst pods. */
const CLUSTER_OPTIONS = ['ndots:5'];

/** Where the pod's DNS comes from: the cluster DNS and the node's settings. */
export interface ClusterDnsSettings {
  /** `--cluster-dns`; undefined: ClusterFirst falls back to Default with a `MissingClusterDNS` event. */
  clusterDns: string | undefined;
  clusterDomain: string;
}

/** A Warning event on the pod (`DNSConfigForming`, `MissingClusterDNS`), as the kubelet records it. */
export interface DnsWarning {
  reason: 'DNSConfigForming' | 'MissingClusterDNS';
  message: string;
}

export interface PodDns {
  /** Undefined when the engine's own handling already gives the right file (the node's, as Docker filters it). */
  settings: DnsSettings | undefined;
  warnings: DnsWarning[];
}

/** nameserver / search / options lines of a resolv.conf (the last search or options line wins, as in the kubelet). */
export function parseResolvConf(text: string): DnsSettings {
  const settings: DnsSettings = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/[#;].*$/, '').trim().split(/\s+/).filter((f) => f !== '');
    const [key, ...values] = fields;
    if (key === 'nameserver' && values[0]) settings.servers.push(values[0]);
    else if (key === 'search' || key === 'domain') settings.searches = values.map((s) => s.replace(/\.$/, ''));
    else if (key === 'options') settings.options = values;
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

/** kubelet `getPodDNSType`: ClusterFirst on the host network is Default. */
function dnsType(pod: Pod): 'cluster' | 'host' | 'none' {
  const policy = pod.spec.dnsPolicy;
  if (policy === 'None') return 'none';
  if (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec.hostNetwork)) return 'cluster';
  return 'host';
}

/**
 * The pod's resolv.conf as the kubelet builds it (`GetPodDNS`), for Docker's Dns / DnsSearch /
 * DnsOptions on the sandbox:
 * - ClusterFirst (off the host network) and ClusterFirstWithHostNet: the cluster DNS only, the
 *   search list `<ns>.svc.<domain> svc.<domain> <domain>` then the node's, `ndots:5`.
 * - Default (and ClusterFirst on the host network): the node's resolv.conf, left to the engine
 *   unless dnsConfig adds to it; loopback nameservers are left out off the host network, as Docker
 *   does (a pod cannot reach them).
 * - None: exactly dnsConfig (an empty search list is written as Docker's `.`, "no search").
 * dnsConfig is appended (`appendDNSConfig`), then the limits applied with the kubelet's events.
 */
export function makeDnsSettings(pod: Pod, hostResolvConf: string, cluster: ClusterDnsSettings): PodDns {
  const warnings: DnsWarning[] = [];
  const config = pod.spec.dnsConfig;
  const extra: DnsSettings = {
    servers: config?.nameservers ?? [],
    searches: config?.searches ?? [],
    options: (config?.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)),
  };
  let type = dnsType(pod);
  if (type === 'cluster' && cluster.clusterDns === undefined) {
    const message = 'kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.';
    warnings.push({ reason: 'MissingClusterDNS', message: `pod: "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})". ${message}` });
    type = 'host';
  }
  if (type === 'host' && !config) return { settings: undefined, warnings };
  const host = parseResolvConf(hostResolvConf);
  let base: DnsSettings;
  if (type === 'none') base = { servers: [], searches: [], options: [] };
  else if (type === 'cluster') base = { servers: [cluster.clusterDns!], searches: clusterSearches(pod, cluster.clusterDomain, host.searches), options: CLUSTER_OPTIONS };
  else base = { ...host, servers: pod.spec.hostNetwork ? host.servers : host.servers.filter((s) => !isLoopback(s)) };
  const servers = fitNameservers(unique([...base.servers, ...extra.servers]), warnings);
  const searches = fitSearches(unique([...base.searches, ...extra.searches]), warnings);
  return {
    settings: { servers, searches: type === 'none' && searches.length === 0 ? ['.'] : searches, options: mergeOptions(base.options, extra.options) },
    warnings,
  };
}

/** kubelet `generateSearchesForDNSClusterFirst`. */
function clusterSearches(pod: Pod, domain: string, hostSearches: readonly string[]): string[] {
  if (domain === '') return [...hostSearches];
  return unique([`${pod.metadata.namespace}.svc.${domain}`, `svc.${domain}`, domain, ...hostSearches]);
}

/** kubelet `formDNSNameserversFitsLimits`. */
function fitNameservers(servers: string[], warnings: DnsWarning[]): string[] {
  if (servers.length <= MAX_NAMESERVERS) return servers;
  const kept = servers.slice(0, MAX_NAMESERVERS);
  warnings.push({ reason: 'DNSConfigForming', message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${kept.join(' ')}` });
  return kept;
}

/** kubelet `formDNSSearchFitsLimits`: at most 32 paths, none over 253 characters, 2048 characters in all. */
function fitSearches(searches: string[], warnings: DnsWarning[]): string[] {
  let kept = searches.slice(0, MAX_SEARCHES).filter((s) => s.length <= MAX_SEARCH_LENGTH);
  let exceeded = searches.length > MAX_SEARCHES || kept.length < Math.min(searches.length, MAX_SEARCHES);
  while (kept.join(' ').length > MAX_SEARCH_CHARS) {
    kept = kept.slice(0, -1);
    exceeded = true;
  }
  if (exceeded) {
    warnings.push({ reason: 'DNSConfigForming', message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${kept.join(' ')}` });
  }
  return kept;
}
