import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Packet, TRUNCATED_RESPONSE, decode, encode } from 'dns-packet';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rcodeOf } from '../../src/services/cluster-dns-answer.js';
import { ClusterDnsServer } from '../../src/services/cluster-dns-server.js';
import { askTcp } from '../../src/services/dns-forwarder.js';
import { InMemoryViewSource, makeServiceView } from '../../src/services/testing/in-memory-view-source.js';

// The server on loopback with ports of its own: its sockets, framing, forwarding and failures, without root.
const ADDRESS = '127.0.0.1';
const BIG = Array.from({ length: 40 }, (_, i) => ({ type: 'A' as const, name: 'big.test', ttl: 30, data: `192.0.2.${i + 1}` }));

describe('ClusterDnsServer', () => {
  const source = new InMemoryViewSource({ services: [makeServiceView({ name: 'web', clusterIP: '10.96.0.20' })], pods: [] });
  let dir: string;
  let server: ClusterDnsServer;
  let port: number;
  let upstream: { udp: UdpSocket; tcp: Server; port: number };
  let deadServer: ClusterDnsServer;
  let deadPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'minikubelet-dns-'));
    upstream = await startUpstream();
    await writeFile(join(dir, 'resolv.conf'), `nameserver ${ADDRESS}\n`);
    port = await freePort();
    server = new ClusterDnsServer({ address: ADDRESS, port, clusterDomain: 'cluster.local', source, resolvConf: join(dir, 'resolv.conf'), log: pino({ level: 'silent' }), upstreamPort: upstream.port, forwardTimeoutMs: 500 });
    await server.start();
    // A second server whose upstream answers nothing (a port nobody listens on).
    deadPort = await freePort();
    deadServer = new ClusterDnsServer({ address: ADDRESS, port: deadPort, clusterDomain: 'cluster.local', source, resolvConf: join(dir, 'resolv.conf'), log: pino({ level: 'silent' }), upstreamPort: await freePort(), forwardTimeoutMs: 300 });
    await deadServer.start();
  });
  afterAll(async () => {
    await server?.stop();
    await deadServer?.stop();
    upstream?.udp.close();
    upstream?.tcp.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const query = (name: string, id = 7): Buffer => encode({ type: 'query', id, flags: 0x0100, questions: [{ name, type: 'A', class: 'IN' }] });
  const answers = (p: Packet) => (p.answers ?? []).map((a) => ('data' in a ? a.data : undefined));

  it('answers the cluster zone over UDP and over TCP', async () => {
    expect(answers(await askUdp(port, query('web.default.svc.cluster.local')))).toEqual(['10.96.0.20']);
    expect(answers(decode(await askTcp(ADDRESS, query('web.default.svc.cluster.local'), 2000, port)))).toEqual(['10.96.0.20']);
  });

  it('follows new views', async () => {
    source.set({ services: [makeServiceView({ name: 'web', clusterIP: '10.96.0.21' })], pods: [] });
    expect(answers(await askUdp(port, query('web.default.svc.cluster.local')))).toEqual(['10.96.0.21']);
  });

  it('forwards other names to the resolv.conf servers, keeping the query id', async () => {
    const reply = await askUdp(port, query('external.test', 4242));
    expect(reply.id).toBe(4242);
    expect(answers(reply)).toEqual(['192.0.2.200']);
  });

  it('asks upstream again over TCP when its UDP answer is truncated and the client asked over TCP; a UDP client gets the truncated one', async () => {
    const overTcp = decode(await askTcp(ADDRESS, query('big.test'), 2000, port));
    expect(overTcp.answers).toHaveLength(40);
    const overUdp = await askUdp(port, query('big.test'));
    expect((overUdp.flags ?? 0) & TRUNCATED_RESPONSE).toBe(TRUNCATED_RESPONSE);
  });

  it('answers SERVFAIL when no upstream answers in time', async () => {
    const started = Date.now();
    expect(rcodeOf(await askUdp(deadPort, query('external.test')))).toBe('SERVFAIL');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

function askUdp(port: number, message: Buffer): Promise<Packet> {
  const socket = createSocket('udp4');
  return new Promise<Packet>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer in 3 s')), 3000);
    socket.on('message', (reply) => {
      clearTimeout(timer);
      resolve(decode(reply));
    });
    socket.send(message, port, ADDRESS);
  }).finally(() => socket.close());
}

/** An upstream on one loopback port, UDP and TCP: `external.test` A 192.0.2.200; `big.test` truncated over UDP, whole over TCP. */
async function startUpstream(): Promise<{ udp: UdpSocket; tcp: Server; port: number }> {
  const answer = (message: Buffer, overTcp: boolean): Buffer => {
    const q = decode(message);
    const name = q.questions?.[0]?.name ?? '';
    const big = name === 'big.test';
    return encode({
      type: 'response', id: q.id ?? 0, flags: 0x0180 | (big && !overTcp ? TRUNCATED_RESPONSE : 0), questions: q.questions ?? [],
      answers: big ? (overTcp ? BIG : []) : name === 'external.test' ? [{ type: 'A', name, ttl: 30, data: '192.0.2.200' }] : [],
    });
  };
  const tcp = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      const reply = answer(chunk.subarray(2, 2 + chunk.readUInt16BE(0)), true);
      const length = Buffer.alloc(2);
      length.writeUInt16BE(reply.length);
      socket.end(Buffer.concat([length, reply]));
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, ADDRESS, () => resolve()));
  const port = (tcp.address() as AddressInfo).port;
  const udp = createSocket('udp4');
  udp.on('message', (message, peer) => udp.send(answer(message, false), peer.port, peer.address));
  await new Promise<void>((resolve) => udp.bind(port, ADDRESS, () => resolve()));
  return { udp, tcp, port };
}

/** A port free for TCP (and, on loopback here, for UDP too). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, ADDRESS, () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
