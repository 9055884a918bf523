import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { type Server, type Socket, createServer } from 'node:net';
import { decode, encode, type Packet } from 'dns-packet';
import type { Logger } from 'pino';
import { answerClusterQuery, respond } from './cluster-dns-answer.js';
import { type ClusterZone, buildClusterZone } from './cluster-dns-zone.js';
import { DnsForwarder } from './dns-forwarder.js';
import type { ServiceViewSource } from './service-view.js';

export interface ClusterDnsServerOptions {
  /** The cluster DNS address, already on the agent's dummy interface: the only address listened on. */
  address: string;
  port?: number;
  clusterDomain: string;
  source: ServiceViewSource;
  /** The node's resolv.conf: upstream servers for names outside the cluster domain. */
  resolvConf: string;
  log: Logger;
  /** Per upstream try (default 2 s). */
  forwardTimeoutMs?: number;
  /** The upstream servers' port (53; tests use their own). */
  upstreamPort?: number;
}

/** Queries forwarded at once; more get SERVFAIL at once rather than queueing without bound. */
const MAX_FORWARDS_IN_FLIGHT = 256;
/** A UDP answer larger than this (no EDNS) is sent truncated, so the client asks again over TCP. */
const UDP_PAYLOAD = 512;
/** A TCP client that sends nothing for this long is closed. */
const TCP_IDLE_MS = 10_000;
/** TCP clients at once; more are closed at once. */
const MAX_TCP_CONNECTIONS = 256;

/**
 * The agent's cluster DNS: UDP and TCP on `<cluster-dns>:53`, bound to that address only. The
 * zone is rebuilt from each new ServicesView; the answers come from `answerClusterQuery` (pure),
 * other names go to the node's resolvers (`DnsForwarder`).
 */
export class ClusterDnsServer {
  private zone: ClusterZone;
  private readonly forwarder: DnsForwarder;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<Socket>();
  private unsubscribe: (() => void) | undefined;
  private inFlight = 0;

  constructor(private readonly options: ClusterDnsServerOptions) {
    this.zone = buildClusterZone(options.source.current(), options.clusterDomain);
    this.forwarder = new DnsForwarder({
      resolvConf: options.resolvConf,
      // Itself, should the node's resolv.conf name it: a forwarding loop.
      exclude: (options.upstreamPort ?? 53) === (options.port ?? 53) ? [options.address] : [],
      ...(options.forwardTimeoutMs ? { timeoutMs: options.forwardTimeoutMs } : {}),
      ...(options.upstreamPort ? { port: options.upstreamPort } : {}),
    });
  }

  async start(): Promise<void> {
    const { address, port = 53 } = this.options;
    this.unsubscribe = this.options.source.onChange((view) => (this.zone = buildClusterZone(view, this.options.clusterDomain)));
    const udp = createSocket('udp4');
    udp.on('message', (message, peer) => void this.answer(message, false).then((reply) => reply && udp.send(reply, peer.port, peer.address)));
    udp.on('error', (err) => this.options.log.warn({ err }, 'Cluster DNS UDP socket failed'));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, address, () => resolve());
    });
    this.udp = udp;
    const tcp = createServer((socket) => this.serveTcp(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(port, address, () => resolve());
    });
    this.tcp = tcp;
    this.options.log.info({ address, port, clusterDomain: this.options.clusterDomain }, 'Serving the cluster DNS');
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.udp?.close();
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }

  /** The wire answer to one wire query, or undefined for a packet that is not a query at all. */
  private async answer(message: Buffer, overTcp: boolean): Promise<Buffer | undefined> {
    let query: Packet;
    try {
      query = decode(message);
    } catch {
      return undefined;
    }
    if (query.type !== 'query') return undefined;
    const decision = answerClusterQuery(this.zone, query);
    if (decision.kind === 'answer') return fit(encode(decision.response), overTcp);
    if (this.inFlight >= MAX_FORWARDS_IN_FLIGHT) return encode(respond(query, 'SERVFAIL', {}));
    this.inFlight++;
    try {
      const upstream = await this.forwarder.forward(message, overTcp);
      if (upstream) return upstream;
      this.options.log.debug({ name: query.questions?.[0]?.name }, 'No upstream resolver answered');
      return encode(respond(query, 'SERVFAIL', {}));
    } finally {
      this.inFlight--;
    }
  }

  /** RFC 1035 4.2.2: each message preceded by its 2-byte length; several per connection. */
  private serveTcp(socket: Socket): void {
    if (this.connections.size >= MAX_TCP_CONNECTIONS) {
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        void this.answer(message, true).then((reply) => {
          if (!reply || socket.destroyed) return;
          const length = Buffer.alloc(2);
          length.writeUInt16BE(reply.length);
          socket.write(Buffer.concat([length, reply]));
        });
      }
    });
  }
}

/** A UDP answer over 512 bytes is replaced by its header and question with TC set. */
function fit(reply: Buffer, overTcp: boolean): Buffer {
  if (overTcp || reply.length <= UDP_PAYLOAD) return reply;
  const packet = decode(reply);
  return encode({ ...packet, flags: (packet.flags ?? 0) | 0x200, answers: [], authorities: [], additionals: [] });
}
