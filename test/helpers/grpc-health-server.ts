import { type sendUnaryData, Server, ServerCredentials, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { HEALTH_SERVICE, type HealthCheckRequest, type HealthCheckResponse } from '../../src/probes/health-proto.js';

/** What the server saw of one Check call. */
export interface SeenCheck {
  service: string;
  userAgent: string;
  /** `ipv4:127.0.0.1:54321`: a new connection shows a new port. */
  peer: string;
}

/** The server's answers, shared by its Check handler and the test. */
class HealthState {
  readonly seen: SeenCheck[] = [];
  readonly statuses = new Map<string, HealthCheckResponse['status']>();
  readonly hanging = new Set<string>();

  check(call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: sendUnaryData<HealthCheckResponse>): void {
    const { service } = call.request;
    this.seen.push({ service, userAgent: String(call.metadata.get('user-agent')[0] ?? ''), peer: call.getPeer() });
    if (this.hanging.has(service)) return;
    const served = this.statuses.get(service);
    if (served === undefined) return callback({ code: status.NOT_FOUND, details: 'unknown service' });
    callback(null, { status: served });
  }
}

/**
 * A `grpc.health.v1.Health` server as grpc-go's `health.Server` behaves: a status per service name
 * ("" is the whole server), NOT_FOUND `unknown service` for a name it was not told of. A service
 * set to hang is never answered.
 */
export class HealthServer {
  private constructor(
    private readonly server: Server,
    private readonly state: HealthState,
    readonly port: number,
  ) {}

  /** Listens on `host` (127.0.0.1 by default) at an ephemeral port; `health: false` serves no Health service at all. */
  static async start(options: { host?: string; health?: boolean } = {}): Promise<HealthServer> {
    const server = new Server();
    const state = new HealthState();
    if (options.health ?? true) server.addService(HEALTH_SERVICE, { Check: state.check.bind(state) });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${options.host ?? '127.0.0.1'}:0`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    return new HealthServer(server, state, port);
  }

  get seen(): readonly SeenCheck[] {
    return this.state.seen;
  }

  setStatus(service: string, served: HealthCheckResponse['status']): void {
    this.state.hanging.delete(service);
    this.state.statuses.set(service, served);
  }

  /** Calls for `service` are never answered. */
  hang(service: string): void {
    this.state.hanging.add(service);
  }

  /** Drops every connection at once: a hanging call must not hold the test up. */
  close(): void {
    this.server.forceShutdown();
  }
}
