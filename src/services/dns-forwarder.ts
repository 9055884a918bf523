import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { TRUNCATED_RESPONSE, decode } from 'dns-packet';

export interface DnsForwarderOptions {
  /** The node's resolv.conf (`--resolv-conf`): its nameservers are the upstream servers. */
  resolvConf: string;
  /** Per upstream server and try; the next server is tried after it. */
  timeoutMs?: number;
  /** The upstream servers' port: 53 (resolv.conf has no other); tests use their own. */
  port?: number;
  /** Never forwarded to (the cluster DNS itself, should the node's resolv.conf name it: a loop). */
  exclude?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * Sends queries the cluster zone does not hold to the node's resolvers, as CoreDNS's `forward .
 * /etc/resolv.conf` does: each nameserver of the file in turn (loopback ones too: the agent runs on
 * the host, where systemd-resolved's 127.0.0.53 answers), over UDP, again over TCP when the answer
 * is truncated and the client asked over TCP. Undefined when every server failed or timed out: the
 * server then answers SERVFAIL. The file is read again when the servers are needed and it changed.
 */
export class DnsForwarder {
  private servers: string[] = [];
  private readAt = 0;

  constructor(private readonly options: DnsForwarderOptions) {}

  /** The upstream answer to `query` (wire format, id kept), or undefined. */
  async forward(query: Buffer, overTcp: boolean): Promise<Buffer | undefined> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const port = this.options.port ?? 53;
    for (const server of await this.upstreams()) {
      const udp = await askUdp(server, port, query, timeoutMs).catch(() => undefined);
      if (udp && !(overTcp && isTruncated(udp))) return udp;
      const tcp = overTcp || udp ? await askTcp(server, query, timeoutMs, port).catch(() => undefined) : undefined;
      if (tcp) return tcp;
      if (udp) return udp;
    }
    return undefined;
  }

  /** The nameservers of the resolv.conf, read again at most every 5 s. */
  async upstreams(): Promise<string[]> {
    if (Date.now() - this.readAt < 5000) return this.servers;
    const text = await readFile(this.options.resolvConf, 'utf8').catch(() => '');
    const excluded = new Set(this.options.exclude ?? []);
    this.servers = text.split('\n').flatMap((line) => {
      const [key, value] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
      return key === 'nameserver' && value && !excluded.has(value) ? [value] : [];
    });
    this.readAt = Date.now();
    return this.servers;
  }
}

function isTruncated(response: Buffer): boolean {
  try {
    return ((decode(response).flags ?? 0) & TRUNCATED_RESPONSE) !== 0;
  } catch {
    return false;
  }
}

function askUdp(server: string, port: number, query: Buffer, timeoutMs: number): Promise<Buffer> {
  const socket = createSocket(server.includes(':') ? 'udp6' : 'udp4');
  let timer: NodeJS.Timeout | undefined;
  return new Promise<Buffer>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${server} in ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', reject);
    socket.on('message', (message) => {
      // Only the answer to this query (same id): a late answer to another is dropped.
      if (message.length >= 2 && message.readUInt16BE(0) === query.readUInt16BE(0)) resolve(message);
    });
    socket.send(query, port, server);
  }).finally(() => {
    clearTimeout(timer);
    socket.close();
  });
}

/** One query over TCP: the 2-byte length prefix of RFC 1035 4.2.2 both ways. */
export function askTcp(server: string, query: Buffer, timeoutMs: number, port = 53): Promise<Buffer> {
  const socket = new Socket();
  return new Promise<Buffer>((resolve, reject) => {
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => reject(new Error(`no answer from ${server} over TCP in ${timeoutMs} ms`)));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) resolve(received.subarray(2, 2 + received.readUInt16BE(0)));
    });
    socket.on('close', () => reject(new Error(`${server} closed the TCP connection before answering`)));
    socket.connect(port, server, () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
  }).finally(() => socket.destroy());
}
