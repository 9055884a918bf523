import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import type { Logger } from 'pino';

/** UDP clients carried at once per Service port; more are dropped until one goes idle. */
const MAX_SESSIONS = 1024;
/** A client quiet this long loses its backend socket (kube-proxy userspace's UDP idle timeout was 250 ms–1 s; DNS-like traffic fits 30 s). */
const IDLE_MS = 30_000;

/**
 * One UDP Service port of the userspace proxy: the agent receives on ClusterIP:port (or a
 * NodePort), gives each client (address:port) a socket of its own towards a backend picked by
 * `pick` (which reads the current backends), and sends the backend's replies back from the
 * Service's address. Sessions keep their backend until idle.
 */
export class UserspaceUdpPort {
  private readonly sessions = new Map<string, { upstream: UdpSocket; host: string; port: number; lastMs: number }>();
  private readonly socket: UdpSocket = createSocket('udp4');
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly pick: (clientIP: string) => string | undefined, private readonly log: Logger) {
    this.socket.on('message', (message, client) => this.forward(message, client.address, client.port));
    this.sweeper = setInterval(() => this.sweep(), IDLE_MS / 2);
    this.sweeper.unref();
  }

  /** Resolves false (and logs) when the address cannot be bound. */
  listen(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.socket.once('error', (err) => {
        this.log.error({ err, listen: `${host}:${port}/UDP` }, 'Failed to listen for a Service port');
        resolve(false);
      });
      this.socket.bind(port, host, () => resolve(true));
    });
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const session of this.sessions.values()) session.upstream.close();
    this.sessions.clear();
    this.socket.close();
  }

  private forward(message: Buffer, clientAddress: string, clientPort: number): void {
    const key = `${clientAddress}:${clientPort}`;
    let session = this.sessions.get(key);
    if (!session) {
      const backend = this.pick(clientAddress);
      if (!backend || this.sessions.size >= MAX_SESSIONS) return;
      const colon = backend.lastIndexOf(':');
      const created = { upstream: createSocket('udp4'), host: backend.slice(0, colon), port: Number(backend.slice(colon + 1)), lastMs: Date.now() };
      created.upstream.on('error', () => this.end(key));
      created.upstream.on('message', (reply, from) => {
        // Only the backend's replies go back to the client, from the Service's address.
        if (from.address === created.host && from.port === created.port) this.socket.send(reply, clientPort, clientAddress);
      });
      this.sessions.set(key, created);
      session = created;
    }
    session.lastMs = Date.now();
    session.upstream.send(message, session.port, session.host);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, session] of this.sessions) if (now - session.lastMs > IDLE_MS) this.end(key);
  }

  private end(key: string): void {
    this.sessions.get(key)?.upstream.close();
    this.sessions.delete(key);
  }
}
