import { RECURSION_DESIRED, type Packet, type RecordType } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { answerClusterQuery, rcodeOf } from './cluster-dns-answer.js';
import { buildClusterZone } from './cluster-dns-zone.js';
import type { ServicesView } from './service-view.js';
import { makeEndpointView, makeServiceView } from './testing/in-memory-view-source.js';

const VIEW: ServicesView = {
  version: 7,
  services: [
    makeServiceView({ name: 'web', clusterIP: '10.96.0.20', ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { name: '', protocol: 'UDP', port: 53 }] }),
    makeServiceView({
      name: 'db', namespace: 'shop', clusterIP: 'None', ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }],
      endpoints: [
        makeEndpointView('172.17.0.5', { hostname: 'db-0', ports: new Map([['pg', 5432]]) }),
        makeEndpointView('172.17.0.6', { ports: new Map([['pg', 5433]]) }),
        makeEndpointView('172.17.0.7', { ready: false, ports: new Map([['pg', 5432]]) }),
      ],
    }),
    makeServiceView({ name: 'empty', clusterIP: 'None', endpoints: [makeEndpointView('172.17.0.9', { ready: false })] }),
    makeServiceView({ name: 'warm', clusterIP: 'None', publishNotReadyAddresses: true, endpoints: [makeEndpointView('172.17.0.9', { ready: false })] }),
  ],
  pods: [{ namespace: 'default', name: 'client', ip: '172.17.0.3' }],
};
const zone = buildClusterZone(VIEW, 'cluster.local');

function ask(name: string, type: RecordType): Packet {
  const decision = answerClusterQuery(zone, { type: 'query', id: 42, flags: RECURSION_DESIRED, questions: [{ name, type, class: 'IN' }] });
  if (decision.kind !== 'answer') throw new Error(`${name} ${type} was forwarded`);
  return decision.response;
}
const data = (p: Packet) => (p.answers ?? []).map((a) => ('data' in a ? a.data : undefined));

describe('answerClusterQuery (Kubernetes DNS specification 1.1.0)', () => {
  const table: { name: string; type: RecordType; rcode: string; answers: unknown[] }[] = [
    { name: 'web.default.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: ['10.96.0.20'] },
    { name: 'WEB.Default.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10.96.0.20'] },
    { name: 'web.default.svc.cluster.local', type: 'AAAA', rcode: 'NOERROR', answers: [] },
    { name: '_http._tcp.web.default.svc.cluster.local', type: 'SRV', rcode: 'NOERROR', answers: [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }] },
    { name: '_http._udp.web.default.svc.cluster.local', type: 'SRV', rcode: 'NXDOMAIN', answers: [] },
    { name: '20.0.96.10.in-addr.arpa', type: 'PTR', rcode: 'NOERROR', answers: ['web.default.svc.cluster.local'] },
    { name: 'db.shop.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: ['172.17.0.5', '172.17.0.6'] },
    { name: 'db-0.db.shop.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: ['172.17.0.5'] },
    { name: '172-17-0-6.db.shop.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: ['172.17.0.6'] },
    {
      name: '_pg._tcp.db.shop.svc.cluster.local', type: 'SRV', rcode: 'NOERROR',
      answers: [{ priority: 0, weight: 50, port: 5432, target: 'db-0.db.shop.svc.cluster.local' }, { priority: 0, weight: 50, port: 5433, target: '172-17-0-6.db.shop.svc.cluster.local' }],
    },
    { name: '5.0.17.172.in-addr.arpa', type: 'PTR', rcode: 'NOERROR', answers: ['db-0.db.shop.svc.cluster.local'] },
    { name: 'empty.default.svc.cluster.local', type: 'A', rcode: 'NXDOMAIN', answers: [] },
    { name: 'warm.default.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: ['172.17.0.9'] },
    { name: 'nosuch.default.svc.cluster.local', type: 'A', rcode: 'NXDOMAIN', answers: [] },
    { name: 'web.other.svc.cluster.local', type: 'A', rcode: 'NXDOMAIN', answers: [] },
    { name: 'shop.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: [] },
    { name: '172-17-0-3.default.pod.cluster.local', type: 'A', rcode: 'NOERROR', answers: ['172.17.0.3'] },
    { name: '172-17-0-4.default.pod.cluster.local', type: 'A', rcode: 'NXDOMAIN', answers: [] },
    { name: 'dns-version.cluster.local', type: 'TXT', rcode: 'NOERROR', answers: ['1.1.0'] },
  ];
  it.each(table)('$name $type → $rcode', ({ name, type, rcode, answers }) => {
    const response = ask(name, type);
    expect(rcodeOf(response)).toBe(rcode);
    expect(data(response)).toEqual(answers);
    expect(response.id).toBe(42);
    for (const a of response.answers ?? []) expect(a.name).toBe(name);
  });

  it('puts the zone SOA in authority when there is no answer (NXDOMAIN and no-data)', () => {
    for (const response of [ask('nosuch.default.svc.cluster.local', 'A'), ask('web.default.svc.cluster.local', 'AAAA')]) {
      expect(response.answers).toEqual([]);
      expect(response.authorities).toEqual([
        expect.objectContaining({ type: 'SOA', name: 'cluster.local', ttl: 5, data: expect.objectContaining({ mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 7 }) as unknown }),
      ]);
    }
  });

  it('answers with TTL 5, authoritative, recursion desired and available', () => {
    const response = ask('web.default.svc.cluster.local', 'A');
    expect(response.answers?.[0]).toMatchObject({ ttl: 5 });
    expect(response.flags).toBe(0x0400 | 0x0100 | 0x0080);
  });

  it('adds the A records of SRV targets as additionals', () => {
    expect(ask('_pg._tcp.db.shop.svc.cluster.local', 'SRV').additionals?.map((a) => [a.name, 'data' in a ? a.data : undefined])).toEqual([
      ['db-0.db.shop.svc.cluster.local', '172.17.0.5'],
      ['172-17-0-6.db.shop.svc.cluster.local', '172.17.0.6'],
    ]);
  });

  it('forwards names outside the domain and reverse names it does not know', () => {
    for (const [name, type] of [['example.com', 'A'], ['cluster.local.example.com', 'A'], ['9.9.9.9.in-addr.arpa', 'PTR'], ['20.0.96.10.in-addr.arpa', 'A']] as const) {
      expect(answerClusterQuery(zone, { type: 'query', id: 1, questions: [{ name, type, class: 'IN' }] })).toEqual({ kind: 'forward' });
    }
  });

  it('refuses a query without exactly one question (FORMERR)', () => {
    const decision = answerClusterQuery(zone, { type: 'query', id: 1, questions: [] });
    expect(decision.kind === 'answer' && rcodeOf(decision.response)).toBe('FORMERR');
  });
});
