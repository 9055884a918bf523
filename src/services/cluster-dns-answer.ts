import { AUTHORITATIVE_ANSWER, RECURSION_AVAILABLE, RECURSION_DESIRED, type Answer, type Packet, type SoaAnswer } from 'dns-packet';
import { CLUSTER_DNS_TTL, type ClusterZone } from './cluster-dns-zone.js';

/** DNS response codes (RFC 1035 4.1.1), in the low four bits of the flags. */
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4 } as const;
export type Rcode = keyof typeof RCODE;

/** What the cluster DNS does with a query: answer it from the zone, or forward it upstream. */
export type ClusterDnsDecision = { kind: 'answer'; response: Packet } | { kind: 'forward' };

/**
 * The cluster DNS's answer to one query, pure (zone + query → response), as the Kubernetes DNS
 * specification asks and CoreDNS's kubernetes plugin does:
 * - a name of the cluster domain with records of the asked type: them (authoritative), with the
 *   A records of SRV targets as additionals;
 * - a name that exists with other types only (AAAA of a Service: this zone is IPv4), or an empty
 *   non-terminal (`<ns>.svc.<zone>`): NOERROR, no answer, the zone's SOA in authority;
 * - any other name of the domain: NXDOMAIN with the SOA (the spec's "no such name");
 * - PTR of a ClusterIP or of an endpoint with a hostname: the name; other names (and other
 *   reverse names, as kubeadm's CoreDNS `fallthrough in-addr.arpa`): forwarded.
 */
export function answerClusterQuery(zone: ClusterZone, query: Packet): ClusterDnsDecision {
  const questions = query.questions ?? [];
  const question = questions[0];
  if (questions.length !== 1 || !question) return { kind: 'answer', response: respond(query, 'FORMERR', {}) };
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const inZone = name === zone.domain || name.endsWith(`.${zone.domain}`);
  const records = zone.records.get(name) ?? [];
  if (!inZone) {
    if (question.type !== 'PTR' || records.length === 0) return { kind: 'forward' };
    return { kind: 'answer', response: respond(query, 'NOERROR', { answers: asAsked(records, question.name) }) };
  }
  const soa = soaRecord(zone);
  if (name === zone.domain && question.type === 'SOA') return { kind: 'answer', response: respond(query, 'NOERROR', { answers: [{ ...soa, name: question.name }] }) };
  const matching = records.filter((r) => r.type === question.type);
  if (matching.length > 0) {
    return { kind: 'answer', response: respond(query, 'NOERROR', { answers: asAsked(matching, question.name), additionals: srvTargets(zone, matching) }) };
  }
  const rcode: Rcode = zone.names.has(name) ? 'NOERROR' : 'NXDOMAIN';
  return { kind: 'answer', response: respond(query, rcode, { authorities: [soa] }) };
}

/** A response to `query` with `rcode`, for errors the server meets itself (SERVFAIL when upstream fails). */
export function respond(query: Packet, rcode: Rcode, sections: { answers?: Answer[]; authorities?: Answer[]; additionals?: Answer[] }): Packet {
  const recursionDesired = ((query.flags ?? 0) & RECURSION_DESIRED) !== 0;
  const authoritative = rcode === 'NOERROR' || rcode === 'NXDOMAIN' ? AUTHORITATIVE_ANSWER : 0;
  return {
    type: 'response',
    id: query.id ?? 0,
    flags: authoritative | RECURSION_AVAILABLE | (recursionDesired ? RECURSION_DESIRED : 0) | RCODE[rcode],
    questions: query.questions ?? [],
    answers: sections.answers ?? [],
    authorities: sections.authorities ?? [],
    additionals: sections.additionals ?? [],
  };
}

/** The response's rcode name, from its flags. */
export function rcodeOf(packet: Packet): Rcode | number {
  const code = (packet.flags ?? 0) & 0xf;
  return (Object.keys(RCODE) as Rcode[]).find((k) => RCODE[k] === code) ?? code;
}

/** Records carry the name as the client wrote it (case kept, for DNS 0x20 randomisation). */
function asAsked(records: readonly Answer[], name: string): Answer[] {
  return records.map((r) => ({ ...r, name }));
}

function srvTargets(zone: ClusterZone, answers: readonly Answer[]): Answer[] {
  const targets = new Set(answers.flatMap((r) => (r.type === 'SRV' ? [r.data.target.toLowerCase()] : [])));
  return [...targets].flatMap((t) => (zone.records.get(t) ?? []).filter((r) => r.type === 'A'));
}

/** CoreDNS's SOA for the cluster zone (its `ns.dns.<zone>`, `hostmaster.<zone>`, timers). */
function soaRecord(zone: ClusterZone): SoaAnswer {
  return {
    type: 'SOA', name: zone.domain, ttl: CLUSTER_DNS_TTL,
    data: { mname: `ns.dns.${zone.domain}`, rname: `hostmaster.${zone.domain}`, serial: zone.serial, refresh: 7200, retry: 1800, expire: 86400, minimum: CLUSTER_DNS_TTL },
  };
}
