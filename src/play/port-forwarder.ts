import net from 'node:net';
import type { StatusStore } from '../status/status-store.js';
import type { PortForward } from './port-forward-spec.js';
import type { PlayOutput } from './play-output.js';

/**
 * `-p`: a TCP proxy from a local port to the pod's IP and port, for the run (until the port-forward
 * of the API lands). Each connection looks the pod's IP up when it arrives, so a pod recreated after
 * an edit is reached at its new address.
 */
export class PortForwarder {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly store: StatusStore, private readonly output: PlayOutput) {}

  /** Listens on every forward's local port; rejects with the first that cannot, named. */
  async listen(forwards: readonly PortForward[]): Promise<void> {
    for (const f of forwards) {
      const server = net.createServer((client) => this.connect(f, client));
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) =>
          reject(new Error(`-p ${JSON.stringify(f.text)}: cannot listen on ${f.address}:${f.localPort}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`)),
        );
        server.listen(f.localPort, f.address, () => resolve());
      });
      server.on('error', (err) => this.output.error(`-p ${JSON.stringify(f.text)}: ${err.message}`));
      this.servers.push(server);
      this.output.status(`Forwarding ${f.address}:${f.localPort} -> ${f.pod}:${f.podPort}`);
    }
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  }

  private connect(f: PortForward, client: net.Socket): void {
    const ip = this.store.findByName(f.namespace, f.pod)?.status.podIP;
    if (!ip) {
      this.output.warn(`-p ${f.text}: pod ${f.pod} has no IP yet; connection closed`);
      client.destroy();
      return;
    }
    const upstream = net.connect(f.podPort, ip);
    this.sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    upstream.on('error', (err) => {
      this.output.warn(`-p ${f.text}: cannot reach ${ip}:${f.podPort}: ${err.message}`);
      close();
    });
    client.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
