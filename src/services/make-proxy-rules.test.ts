import { describe, expect, it } from 'vitest';
import { type ProxyRulesInput, builtinJumps, makeProxyRules } from './make-proxy-rules.js';
import { chainPrefix, endpointChain, serviceChain } from './service-network-names.js';
import type { ServicesView } from './service-view.js';
import { makeEndpointView, makeServiceView } from './testing/in-memory-view-source.js';

const P = chainPrefix('node-a');
const SVC = serviceChain(P, 'default/web:http', 'TCP');
const SEP1 = endpointChain(P, 'default/web:http', 'TCP', '172.17.0.5:8080');
const SEP2 = endpointChain(P, 'default/web:http', 'TCP', '172.17.0.6:8080');
const web = makeServiceView({ name: 'web', clusterIP: '10.96.0.20', endpoints: [makeEndpointView('172.17.0.5'), makeEndpointView('172.17.0.6'), makeEndpointView('172.17.0.7', { ready: false })] });
const view = (services: ServicesView['services']): ServicesView => ({ version: 1, services, pods: [] });
const base: ProxyRulesInput = { view: view([web]), prefix: P, podCidr: '172.17.0.0/16', localhostNodePorts: false, existing: { nat: [], filter: [] } };
const lines = (input: Partial<ProxyRulesInput>) => makeProxyRules({ ...base, ...input }).split('\n');

describe('makeProxyRules (kube-proxy iptables mode)', () => {
  it('writes the whole nat and filter sections for a ClusterIP Service with two ready backends', () => {
    expect(makeProxyRules(base)).toBe([
      '*nat',
      `:${P}SERVICES - [0:0]`, `:${P}NODEPORTS - [0:0]`, `:${P}POSTROUTING - [0:0]`, `:${P}MARK-MASQ - [0:0]`, `:${SVC} - [0:0]`, `:${SEP1} - [0:0]`, `:${SEP2} - [0:0]`,
      `-A ${P}SERVICES -m comment --comment "default/web:http cluster IP" -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -j ${SVC}`,
      `-A ${P}SERVICES -m comment --comment "minikubelet service nodeports" ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j ${P}NODEPORTS`,
      `-A ${P}POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN`,
      `-A ${P}POSTROUTING -j MARK --xor-mark 0x4000`,
      `-A ${P}POSTROUTING -m comment --comment "minikubelet service traffic requiring SNAT" -j MASQUERADE`,
      `-A ${P}MARK-MASQ -j MARK --or-mark 0x4000`,
      `-A ${SVC} -m comment --comment "default/web:http cluster IP" -d 10.96.0.20/32 -p tcp -m tcp --dport 80 ! -s 172.17.0.0/16 -j ${P}MARK-MASQ`,
      `-A ${SVC} -m comment --comment "default/web:http -> 172.17.0.5:8080" -m statistic --mode random --probability 0.5000000000 -j ${SEP1}`,
      `-A ${SVC} -m comment --comment "default/web:http -> 172.17.0.6:8080" -j ${SEP2}`,
      `-A ${SEP1} -s 172.17.0.5/32 -j ${P}MARK-MASQ`,
      `-A ${SEP1} -p tcp -m tcp -j DNAT --to-destination 172.17.0.5:8080`,
      `-A ${SEP2} -s 172.17.0.6/32 -j ${P}MARK-MASQ`,
      `-A ${SEP2} -p tcp -m tcp -j DNAT --to-destination 172.17.0.6:8080`,
      'COMMIT',
      '*filter',
      `:${P}FORWARD - [0:0]`,
      `-A ${P}FORWARD -m comment --comment "minikubelet forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT`,
      'COMMIT',
      '',
    ].join('\n'));
  });

  it('spreads over n backends with probabilities 1/n, 1/(n-1), …, the last unconditional', () => {
    const three = makeServiceView({ name: 'web', endpoints: ['172.17.0.5', '172.17.0.6', '172.17.0.8'].map((ip) => makeEndpointView(ip)) });
    const spread = lines({ view: view([three]) }).filter((l) => l.startsWith(`-A ${SVC}`) && l.includes('-> '));
    expect(spread.map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'always')).toEqual(['0.3333333333', '0.5000000000', 'always']);
  });

  it('leaves a Service without ready backends with its mark rule only, so the VIP answers "connection refused" itself', () => {
    const none = makeServiceView({ name: 'web', endpoints: [makeEndpointView('172.17.0.5', { ready: false })] });
    expect(lines({ view: view([none]) }).filter((l) => l.startsWith(`-A ${SVC}`))).toHaveLength(1);
    expect(lines({ view: view([none]) }).some((l) => l.includes('DNAT'))).toBe(false);
  });

  it('checks and sets recent lists per backend for ClientIP affinity', () => {
    const sticky = makeServiceView({ ...web, sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600 });
    const text = lines({ view: view([sticky]) });
    expect(text).toContain(`-A ${SVC} -m comment --comment "default/web:http -> 172.17.0.5:8080" -m recent --name ${SEP1} --rcheck --seconds 600 --reap -j ${SEP1}`);
    expect(text).toContain(`-A ${SEP1} -p tcp -m recent --name ${SEP1} --set -m tcp -j DNAT --to-destination 172.17.0.5:8080`);
    expect(text.findIndex((l) => l.includes('--rcheck'))).toBeLessThan(text.findIndex((l) => l.includes('--probability')));
  });

  it('sends NodePort traffic to the Service, marked for masquerade, on 127.0.0.1 too only with route_localnet', () => {
    const np = makeServiceView({ ...web, type: 'NodePort', ports: [{ name: 'http', protocol: 'TCP', port: 80, nodePort: 30080 }] });
    const text = lines({ view: view([np]), localhostNodePorts: true });
    expect(text).toContain(`-A ${P}NODEPORTS -m comment --comment "default/web:http node port" -p tcp -m tcp --dport 30080 -j ${P}MARK-MASQ`);
    expect(text).toContain(`-A ${P}NODEPORTS -m comment --comment "default/web:http node port" -p tcp -m tcp --dport 30080 -j ${SVC}`);
    expect(text).toContain(`-A ${P}SERVICES -m comment --comment "minikubelet service nodeports" -m addrtype --dst-type LOCAL -j ${P}NODEPORTS`);
    expect(text).toContain(`:${P}FIREWALL - [0:0]`);
    expect(builtinJumps(P, 'node-a', true).map((j) => `${j.table} ${j.chain}`)).toEqual(['nat PREROUTING', 'nat OUTPUT', 'nat POSTROUTING', 'filter FORWARD', 'filter INPUT']);
    expect(builtinJumps(P, 'node-a', false)).toHaveLength(4);
  });

  it('masquerades all ClusterIP traffic when the pods\' network is unknown', () => {
    expect(lines({ podCidr: undefined })).toContain(`-A ${SVC} -m comment --comment "default/web:http cluster IP" -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -j ${P}MARK-MASQ`);
  });

  it('makes no rules for headless Services, one SVC chain per port, UDP as udp', () => {
    const headless = makeServiceView({ name: 'db', clusterIP: 'None', endpoints: [makeEndpointView('172.17.0.5')] });
    const dns = makeServiceView({ name: 'dns', clusterIP: '10.96.0.30', ports: [{ name: 'dns', protocol: 'UDP', port: 53 }, { name: 'dns-tcp', protocol: 'TCP', port: 53 }], endpoints: [makeEndpointView('172.17.0.5', { ports: new Map([['dns', 5353], ['dns-tcp', 5353]]) })] });
    const text = lines({ view: view([headless, dns]) });
    expect(text.some((l) => l.includes('default/db'))).toBe(false);
    expect(text.filter((l) => l.startsWith(`-A ${P}SERVICES`) && l.includes('cluster IP'))).toEqual([
      `-A ${P}SERVICES -m comment --comment "default/dns:dns cluster IP" -d 10.96.0.30/32 -p udp -m udp --dport 53 -j ${serviceChain(P, 'default/dns:dns', 'UDP')}`,
      `-A ${P}SERVICES -m comment --comment "default/dns:dns-tcp cluster IP" -d 10.96.0.30/32 -p tcp -m tcp --dport 53 -j ${serviceChain(P, 'default/dns:dns-tcp', 'TCP')}`,
    ]);
  });

  it('flushes and deletes the stale chains of this agent only', () => {
    const stale = `${P}SVC-DEADBEEF`;
    const text = lines({ view: view([]), existing: { nat: [`${P}SERVICES`, stale, 'KUBE-SVC-ABCDEF', 'MKL-0000AAAA-SERVICES'], filter: [] } });
    expect(text).toContain(`:${stale} - [0:0]`);
    expect(text[text.indexOf(`-X ${stale}`) + 1]).toBe('COMMIT');
    expect(text.filter((l) => l.includes('KUBE-') || l.includes('MKL-0000AAAA'))).toEqual([]);
    expect(text.filter((l) => l.startsWith('-X'))).toEqual([`-X ${stale}`]);
  });
});
