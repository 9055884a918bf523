/**
 * The Kubernetes API over HTTPS for kubectl (`--api-port`, `--api-bind-address`): the same
 * handlers as the unix socket, behind client-certificate authentication. A request whose TLS
 * client certificate was not signed by the agent's CA gets `401 Unauthorized` in the API server's
 * Status shape, upgrades included; nothing else is served on this port.
 *
 * The port is a plain TCP listener; the TLS server (OpenSSL's context with the key and the
 * certificates) is made at the first connection and handed each one: an agent no one talks HTTPS
 * to does not hold it (1.8 MiB of its RSS).
 */
import { createServer as createTcpServer, type Socket } from 'node:net';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { closeServer, listenTcp } from './tcp-listener.js';
import { track, type ApiHandlers } from './api-server.js';
import { rawStatusResponse, sendStatus, type Failure } from './status-object.js';

export interface HttpsApiServerDeps {
  handlers: ApiHandlers;
  /** PEM: the CA client certificates must chain to, and the serving certificate and key. */
  caPem: string;
  certPem: string;
  keyPem: string;
  log: Logger;
}

export interface HttpsApiServer {
  /** Listens; resolves with the port (the one picked when asked for 0). */
  listen(port: number, address: string): Promise<number>;
  close(): Promise<void>;
}

const UNAUTHORIZED: Failure = {
  code: 401,
  reason: 'Unauthorized',
  message: 'Unauthorized: present a client certificate signed by the agent\'s CA (<root-dir>/pki/ca.crt); `minikubelet kubeconfig` prints a kubeconfig with one',
};

export function createHttpsApiServer(deps: HttpsApiServerDeps): HttpsApiServer {
  const log = deps.log.child({ component: 'https-api-server' });
  const sockets = new Set<Duplex>();
  const listener = createTcpServer((socket: Socket) => {
    track(sockets, socket);
    tls().emit('connection', socket);
  });
  let server: Server | undefined;
  const tls = (): Server => (server ??= tlsServer(deps, log, sockets));
  return {
    async listen(port, address) {
      const actual = await listenTcp(listener, port, address, log, 'HTTPS API server');
      log.info({ address, port: actual }, 'Serving the Kubernetes API over HTTPS');
      return actual;
    },
    close: () => closeServer(listener, sockets),
  };
}

function tlsServer(deps: HttpsApiServerDeps, log: Logger, sockets: Set<Duplex>): Server {
  // rejectUnauthorized false: the TLS handshake completes and the answer is a readable 401.
  const server: Server = createServer({ key: deps.keyPem, cert: deps.certPem, ca: [deps.caPem], requestCert: true, rejectUnauthorized: false });
  const authorized = (req: IncomingMessage): boolean => {
    const socket = req.socket as TLSSocket;
    if (socket.authorized) return true;
    log.debug({ remote: socket.remoteAddress, url: req.url, why: socket.authorizationError }, 'Refused an unauthenticated request');
    return false;
  };
  server.on('secureConnection', (socket: TLSSocket) => track(sockets, socket));
  server.on('tlsClientError', (err) => log.debug({ err }, 'TLS handshake failed'));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!authorized(req)) return sendStatus(res, UNAUTHORIZED);
    deps.handlers.request(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    track(sockets, socket);
    if (!authorized(req)) return void socket.end(rawStatusResponse(UNAUTHORIZED));
    deps.handlers.upgrade(req, socket, head);
  });
  return server;
}
