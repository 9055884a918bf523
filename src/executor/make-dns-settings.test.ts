import { describe, expect, it } from 'vitest';
import type { PodDNSConfig, PodSpec } from '../api/pod-types.js';
import { makePod } from '../status/testing/fixtures.js';
import { type ClusterDnsSettings, makeDnsSettings, parseResolvConf } from './make-dns-settings.js';

const HOST = '# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch corp.example. lan\noptions edns0 ndots:1 # trailing comment\n';
const CLUSTER: ClusterDnsSettings = { clusterDns: '10.96.0.10', clusterDomain: 'cluster.local' };
const NO_CLUSTER_DNS: ClusterDnsSettings = { clusterDns: undefined, clusterDomain: 'cluster.local' };
const CLUSTER_SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
const pod = (spec: Partial<PodSpec>, dnsConfig?: PodDNSConfig) => makePod({ ...spec, ...(dnsConfig ? { dnsConfig } : {}) });
const manyDomains = (n: number, length = 10) => Array.from({ length: n }, (_, i) => `${String(i).padStart(length - 4, 'd')}.com`);

describe('parseResolvConf (kubelet parseResolvConf)', () => {
  it('reads nameservers, the last search line without trailing dots and the last options line, ignoring comments', () => {
    expect(parseResolvConf(HOST)).toEqual({ servers: ['127.0.0.53', '10.0.0.2'], searches: ['corp.example', 'lan'], options: ['edns0', 'ndots:1'] });
    expect(parseResolvConf('search a b\nsearch c\noptions x\noptions y z\n')).toEqual({ servers: [], searches: ['c'], options: ['y', 'z'] });
  });
});

// Cases after k8s pkg/kubelet/network/dns/dns_test.go (TestGetPodDNS, TestGetPodDNSCustom, TestFormDNSSearchFitsLimits).
describe('makeDnsSettings (kubelet GetPodDNS)', () => {
  const table: { name: string; spec: Partial<PodSpec>; dnsConfig?: PodDNSConfig; cluster?: ClusterDnsSettings; want: ReturnType<typeof makeDnsSettings>['settings'] }[] = [
    { name: 'ClusterFirst: the cluster DNS only, the cluster search list then the node\'s, ndots:5', spec: {}, want: { servers: ['10.96.0.10'], searches: [...CLUSTER_SEARCH, 'corp.example', 'lan'], options: ['ndots:5'] } },
    { name: 'ClusterFirst in another namespace searches that namespace first', spec: {}, want: { servers: ['10.96.0.10'], searches: [...CLUSTER_SEARCH, 'corp.example', 'lan'], options: ['ndots:5'] } },
    { name: 'ClusterFirst on the host network is Default (left to the engine)', spec: { hostNetwork: true }, want: undefined },
    { name: 'ClusterFirstWithHostNet on the host network gets the cluster DNS', spec: { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, want: { servers: ['10.96.0.10'], searches: [...CLUSTER_SEARCH, 'corp.example', 'lan'], options: ['ndots:5'] } },
    { name: 'ClusterFirstWithHostNet off the host network gets the cluster DNS', spec: { dnsPolicy: 'ClusterFirstWithHostNet' }, want: { servers: ['10.96.0.10'], searches: [...CLUSTER_SEARCH, 'corp.example', 'lan'], options: ['ndots:5'] } },
    { name: 'Default without dnsConfig: the engine copies the node\'s resolv.conf', spec: { dnsPolicy: 'Default' }, want: undefined },
    { name: 'ClusterFirst without a cluster DNS falls back to Default', spec: {}, cluster: NO_CLUSTER_DNS, want: undefined },
    { name: 'an empty cluster domain leaves the node\'s search list', spec: {}, cluster: { clusterDns: '10.96.0.10', clusterDomain: '' }, want: { servers: ['10.96.0.10'], searches: ['corp.example', 'lan'], options: ['ndots:5'] } },
    {
      name: 'None: exactly dnsConfig, "no search" when it has none',
      spec: { dnsPolicy: 'None' }, dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }, { name: 'rotate' }] },
      want: { servers: ['1.1.1.1'], searches: ['.'], options: ['ndots:2', 'rotate'] },
    },
    {
      name: 'Default with dnsConfig: appended to the node\'s, without its loopback nameservers',
      spec: { dnsPolicy: 'Default' }, dnsConfig: { nameservers: ['10.0.0.2', '1.1.1.1'], searches: ['svc.example', 'lan'], options: [{ name: 'ndots', value: '5' }] },
      want: { servers: ['10.0.0.2', '1.1.1.1'], searches: ['corp.example', 'lan', 'svc.example'], options: ['edns0', 'ndots:5'] },
    },
    {
      name: 'ClusterFirst with dnsConfig: appended, deduplicated, options merged by name',
      spec: {}, dnsConfig: { nameservers: ['10.0.0.3'], searches: ['lan', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
      want: { servers: ['10.96.0.10', '10.0.0.3'], searches: [...CLUSTER_SEARCH, 'corp.example', 'lan', 'my.dns.search.suffix'], options: ['ndots:2', 'edns0'] },
    },
  ];
  it.each(table)('$name', ({ spec, dnsConfig, cluster, want, name }) => {
    const p = pod(spec, dnsConfig);
    if (name.includes('another namespace')) {
      p.metadata.namespace = 'shop';
      want = { ...want!, searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example', 'lan'] };
    }
    expect(makeDnsSettings(p, HOST, cluster ?? CLUSTER).settings).toEqual(want);
  });

  it('records MissingClusterDNS when ClusterFirst has no cluster DNS', () => {
    const { warnings } = makeDnsSettings(pod({}), HOST, NO_CLUSTER_DNS);
    expect(warnings).toEqual([{ reason: 'MissingClusterDNS', message: expect.stringContaining('kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.') as string }]);
    expect(makeDnsSettings(pod({}), HOST, CLUSTER).warnings).toEqual([]);
  });

  it('keeps loopback nameservers on the host network and cuts nameservers at 3 with a DNSConfigForming event', () => {
    const { settings, warnings } = makeDnsSettings(pod({ hostNetwork: true }, { nameservers: ['1.1.1.1', '8.8.8.8'] }), HOST, CLUSTER);
    expect(settings?.servers).toEqual(['127.0.0.53', '10.0.0.2', '1.1.1.1']);
    expect(warnings).toEqual([{ reason: 'DNSConfigForming', message: 'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 127.0.0.53 10.0.0.2 1.1.1.1' }]);
  });

  const searchLimits: { name: string; host: string[]; wantCount: number; exceeded: boolean }[] = [
    { name: 'within the limits', host: manyDomains(29), wantCount: 32, exceeded: false },
    { name: 'over 32 paths: cut to 32', host: manyDomains(30), wantCount: 32, exceeded: true },
    { name: 'over 2048 characters: the last paths cut until it fits', host: manyDomains(20, 120), wantCount: 19, exceeded: true },
  ];
  it.each(searchLimits)('search list $name', ({ host, wantCount, exceeded }) => {
    const { settings, warnings } = makeDnsSettings(pod({}), `nameserver 10.0.0.2\nsearch ${host.join(' ')}\n`, CLUSTER);
    expect(settings?.searches).toHaveLength(wantCount);
    expect(settings!.searches.join(' ').length).toBeLessThanOrEqual(2048);
    expect(warnings.map((w) => w.message)).toEqual(exceeded ? [`Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${settings!.searches.join(' ')}`] : []);
  });

  it('drops a search path longer than 253 characters', () => {
    const long = `${'a'.repeat(250)}.com`;
    const { settings, warnings } = makeDnsSettings(pod({}), `search ok.example ${long}\n`, CLUSTER);
    expect(settings?.searches).toEqual([...CLUSTER_SEARCH, 'ok.example']);
    expect(warnings).toHaveLength(1);
  });
});
