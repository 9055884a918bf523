/**
 * The kubelet's server (issue 21 §4; k8s `pkg/kubelet/server/server.go`): HTTPS on `--port`
 * (10250) at `--address`, the port a cluster's API server dials for `kubectl logs`, `exec`,
 * `attach` and `port-forward`, and metrics-server for `/stats/summary` and `/metrics/resource`.
 * Every request is authenticated (`kubelet-auth.ts`: a client certificate signed by
 * --client-ca-file, or a reviewed bearer token) and authorized before it is served: 401 and 403
 * in the kubelet's words otherwise. TLS asks for a certificate without requiring one, so a
 * client without one reads a 401 rather than a failed handshake.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import type { AgentApi } from '../agent-api.js';
import { track } from '../api-server.js';
import { closeServer, listenTcp } from '../tcp-listener.js';
import { authenticate, authorize, checkAuthConfig, forbiddenMessage, requestAttributes, type AuthRequest, type KubeletAuthConfig, type KubeletAuthWebhooks, type KubeletAuthorizationMode, type KubeletUser } from './kubelet-auth.js';
import { isKubeletStreamRoute, kubeletRouteMethods, matchKubeletRoute, type KubeletRoute } from './kubelet-route.js';
import { serveKubeletRequest, type KubeletReaders } from './serve-kubelet-request.js';
import { serveKubeletStream } from './serve-kubelet-stream.js';
import { loadServingCertificate } from './serving-certificate.js';
import { rawTextResponse, sendText } from './text-response.js';

export interface KubeletServerOptions {
  /** `--port`: 0 is off (the caller does not start the server then). */
  port: number;
  address: string;
  nodeName: string;
  rootDir: string;
  hostIP: string;
  clientCaFile: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  authenticationTokenWebhook: boolean;
  authorizationMode: KubeletAuthorizationMode;
}

export interface KubeletServerDeps {
  options: KubeletServerOptions;
  api: AgentApi;
  runtime: ContainerRuntime;
  log: Logger;
  /** The API server's TokenReview and SubjectAccessReview (node mode). */
  auth?: KubeletAuthWebhooks;
  readers: KubeletReaders;
}

export interface KubeletServer {
  /** The port got (the one asked for). */
  port: number;
  close(): Promise<void>;
}

const UNAUTHORIZED = 'Unauthorized: present a client certificate signed by the agent\'s --client-ca-file (the API server\'s --kubelet-client-certificate)';

export async function startKubeletServer(deps: KubeletServerDeps): Promise<KubeletServer> {
  const { options } = deps;
  const log = deps.log.child({ component: 'kubelet-server' });
  const authConfig: KubeletAuthConfig = { authenticationTokenWebhook: options.authenticationTokenWebhook, authorizationMode: options.authorizationMode, ...(deps.auth ? { webhooks: deps.auth } : {}) };
  const refusal = checkAuthConfig(authConfig);
  if (refusal !== undefined) throw new Error(`cannot serve the kubelet port: ${refusal}`);
  const clientCa = await readClientCa(options.clientCaFile);
  const serving = await loadServingCertificate(options, Date.now());
  if (serving.made) log.info({ dir: options.rootDir }, 'Made a self-signed serving certificate for the kubelet port');
  let server: Server;
  try {
    server = createServer({ key: serving.keyPem, cert: serving.certPem, ca: clientCa, requestCert: true, rejectUnauthorized: false });
  } catch (err) {
    const files = options.tlsCertFile !== undefined ? `--tls-cert-file ${options.tlsCertFile} and --tls-private-key-file ${options.tlsPrivateKeyFile ?? ''}` : `<root-dir>/pki/kubelet.crt/.key`;
    throw new Error(`cannot serve the kubelet port: the TLS material is not usable (${(err as Error).message}): check that ${files} are a PEM certificate and its key, and --client-ca-file ${options.clientCaFile} a PEM CA bundle`, { cause: err });
  }
  const sockets = new Set<Duplex>();
  const routeDeps = { api: deps.api, runtime: deps.runtime, log };

  /** The route and user, or the response already sent. */
  const admit = async (req: IncomingMessage, refuse: (code: number, text: string) => void): Promise<KubeletRoute | undefined> => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const user = await authenticate(authRequest(req), authConfig);
    if (user === undefined) {
      log.debug({ remote: req.socket.remoteAddress, url: req.url, why: (req.socket as TLSSocket).authorizationError }, 'Refused an unauthenticated request');
      return void refuse(401, UNAUTHORIZED);
    }
    if (!(await authorized(user, req.method ?? '', url.pathname, refuse))) return undefined;
    const route = matchKubeletRoute(url.pathname);
    if (route === undefined) return void refuse(404, `404 page not found: the kubelet port serves /healthz, /pods, /stats/summary, /metrics/resource, /containerLogs, /exec, /attach and /portForward`);
    if (!kubeletRouteMethods(route).includes(req.method ?? '')) return void refuse(405, `${req.method} is not allowed on ${url.pathname}`);
    return route;
  };
  const authorized = async (user: KubeletUser, method: string, path: string, refuse: (code: number, text: string) => void): Promise<boolean> => {
    const attrs = requestAttributes(method, path, options.nodeName);
    const decision = await authorize(user, attrs, authConfig).catch((err: unknown) => {
      log.warn({ err, user: user.name }, 'Failed to authorize a request');
      return undefined;
    });
    if (decision === undefined) refuse(500, `Authorization error (user=${user.name}, verb=${attrs.verb}, resource=${attrs.resource}, subresource=${attrs.subresource})`);
    else if (!decision.allowed) refuse(403, forbiddenMessage(user, attrs));
    return decision?.allowed === true;
  };

  server.on('secureConnection', (socket: TLSSocket) => track(sockets, socket));
  server.on('tlsClientError', (err) => log.debug({ err }, 'TLS handshake failed'));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refuse = (code: number, text: string): void => sendText(res, code, text);
    void admit(req, refuse)
      .then((route) => {
        if (route === undefined) return;
        if (isKubeletStreamRoute(route)) return refuse(400, `unable to upgrade: ${req.url} needs a connection upgrade (SPDY/3.1 or WebSocket)`);
        return serveKubeletRequest({ ...routeDeps, readers: deps.readers }, req, res, route);
      })
      .catch((err: unknown) => {
        log.error({ err, method: req.method, url: req.url }, 'Failed to serve request');
        if (!res.headersSent) refuse(500, `Internal error occurred: ${(err as Error).message}`);
        else res.destroy();
      });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    track(sockets, socket);
    socket.on('error', (err) => log.debug({ err }, 'Upgraded connection failed'));
    const refuse = (code: number, text: string): void => void socket.end(rawTextResponse(code, text));
    void admit(req, refuse)
      .then((route) => {
        if (route === undefined) return;
        if (!isKubeletStreamRoute(route)) return refuse(400, `${req.url} does not upgrade connections`);
        const query = new URL(req.url ?? '/', 'https://localhost').searchParams;
        return serveKubeletStream(routeDeps, req, socket, head, route, query);
      })
      .catch((err: unknown) => {
        log.error({ err, method: req.method, url: req.url }, 'Failed to serve request');
        if (socket.writable) refuse(500, `Internal error occurred: ${(err as Error).message}`);
      });
  });

  let port: number;
  try {
    port = await listenTcp(server, options.port, options.address, log, 'Kubelet server');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? 'is a kubelet or another agent using it? pass another --port' : 'check --address and --port';
    throw new Error(`cannot serve the kubelet port on ${options.address}:${options.port}: ${(err as Error).message}; ${hint}`, { cause: err });
  }
  log.info({ address: options.address, port, authorizationMode: options.authorizationMode, clientCaFile: options.clientCaFile }, 'Serving the kubelet port');
  return { port, close: () => closeServer(server, sockets) };
}

function authRequest(req: IncomingMessage): AuthRequest {
  const socket = req.socket as TLSSocket;
  const authorization = req.headers.authorization;
  const peer: PeerCertificate | undefined = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  const hasCert = peer !== undefined && Object.keys(peer).length > 0;
  const certificate = hasCert ? { verified: socket.authorized, ...subjectOf(peer) } : undefined;
  return { ...(certificate ? { certificate } : {}), ...(authorization !== undefined ? { authorization } : {}) };
}

/** CN is the user, O the groups (the x509 authenticator's CommonNameUserConversion). */
function subjectOf(peer: PeerCertificate): { commonName?: string; organizations: string[] } {
  const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const subject = peer.subject as unknown as Record<string, string | string[] | undefined>;
  const commonName = list(subject.CN)[0];
  return { ...(commonName !== undefined ? { commonName } : {}), organizations: list(subject.O) };
}

async function readClientCa(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new Error(`cannot read --client-ca-file ${file}: ${err.message}`, { cause: err });
  });
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`--client-ca-file ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}
