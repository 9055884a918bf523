import { type Server, type Socket, connect, createServer } from 'node:net';
import type { Logger } from 'pino';
import type { ServiceView, ServicesView } from './service-view.js';
import { UserspaceUdpPort } from './userspace-udp-port.js';

/** Connections carried at once, all Services together; more are closed at once. */
const MAX_CONNECTIONS = 1024;

interface Listener {
  /** TCP: a server; UDP: a port with its client sessions. */
  server: Server | UserspaceUdpPort;
  /** The ready backends, `ip:port`, replaced on every sync. */
  backends: string[];
  service: ServiceView;
  /** ClientIP affinity: the client's backend and when the entry lapses. */
  affinity: Map<string, { backend: string; untilMs: number }>;
}

/**
 * The fallback where iptables is missing or fails (kube-proxy's old userspace mode): the agent
 * itself listens on each ClusterIP:port (the address is on its interface) and on each NodePort,
 * and pipes every TCP connection (every UDP client's datagrams, `UserspaceUdpPort`) to a ready
 * backend picked at random, or the client's earlier one with ClientIP affinity. Unlike the
 * iptables rules, it is in the data path: an agent restart closes the connections.
 */
export class UserspaceProxier {
  private readonly listeners = new Map<string, Listener>();
  private readonly connections = new Set<Socket>();

  constructor(private readonly log: Logger) {}

  async sync(view: ServicesView): Promise<void> {
    const wanted = new Map<string, { service: ServiceView; backends: string[]; host: string; port: number; protocol: 'TCP' | 'UDP' }>();
    for (const service of view.services) {
      if (service.clusterIP === 'None') continue;
      for (const port of service.ports) {
        const backends = service.endpoints.flatMap((e) => (e.ready && e.ports.has(port.name) ? [`${e.ip}:${e.ports.get(port.name)}`] : []));
        const common = { service, backends, protocol: port.protocol };
        wanted.set(`${port.protocol}:${service.clusterIP}:${port.port}`, { ...common, host: service.clusterIP, port: port.port });
        if (port.nodePort !== undefined) wanted.set(`${port.protocol}:0.0.0.0:${port.nodePort}`, { ...common, host: '0.0.0.0', port: port.nodePort });
      }
    }
    for (const [key, listener] of this.listeners) {
      if (!wanted.has(key)) {
        listener.server.close();
        this.listeners.delete(key);
      }
    }
    for (const [key, want] of wanted) {
      const existing = this.listeners.get(key);
      if (existing) {
        Object.assign(existing, { backends: want.backends, service: want.service });
        continue;
      }
      const listener: Listener = { server: createServer(), backends: want.backends, service: want.service, affinity: new Map() };
      if (want.protocol === 'UDP') {
        const udp = new UserspaceUdpPort((clientIP) => this.pick(listener, clientIP), this.log);
        listener.server = udp;
        if (await udp.listen(want.host, want.port)) this.listeners.set(key, listener);
        continue;
      }
      const server = listener.server as Server;
      server.on('connection', (client) => this.carry(listener, client));
      await new Promise<void>((resolve) => {
        server.once('error', (err) => {
          this.log.error({ err, listen: key, service: `${want.service.namespace}/${want.service.name}` }, 'Failed to listen for a Service port');
          resolve();
        });
        server.listen(want.port, want.host, () => resolve());
      });
      if (server.listening) this.listeners.set(key, listener);
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await Promise.all([...this.listeners.values()].map(({ server }) => server instanceof UserspaceUdpPort ? Promise.resolve(server.close()) : new Promise<void>((resolve) => server.close(() => resolve()))));
    this.listeners.clear();
  }

  private carry(listener: Listener, client: Socket): void {
    const backend = this.pick(listener, client.remoteAddress ?? '');
    if (!backend || this.connections.size >= MAX_CONNECTIONS) {
      client.destroy();
      return;
    }
    const [host, port] = [backend.slice(0, backend.lastIndexOf(':')), Number(backend.slice(backend.lastIndexOf(':') + 1))];
    const upstream = connect({ host, port });
    for (const socket of [client, upstream]) {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }

  private pick(listener: Listener, clientIP: string): string | undefined {
    const { backends, service, affinity } = listener;
    if (backends.length === 0) return undefined;
    const now = Date.now();
    const sticky = service.sessionAffinity === 'ClientIP' ? affinity.get(clientIP) : undefined;
    const backend = sticky && sticky.untilMs > now && backends.includes(sticky.backend) ? sticky.backend : backends[Math.floor(Math.random() * backends.length)]!;
    if (service.sessionAffinity === 'ClientIP') affinity.set(clientIP, { backend, untilMs: now + service.sessionAffinityTimeoutSeconds * 1000 });
    return backend;
  }
}
