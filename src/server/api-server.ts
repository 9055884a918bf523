/**
 * The local API on the agent's unix socket (DESIGN.md §2): Kubernetes REST shapes for pods, logs
 * and exec, Kubernetes `Status` objects for failures. A failing handler answers 500 and the server
 * keeps serving.
 */
import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { AgentApi } from './agent-api.js';
import type { KubeApi } from './kube/kube-api.js';
import { serveStream } from './routes/serve-stream.js';
import { serveGetConfigObject, serveGetServiceObject, serveListConfigObjects, serveListServiceObjects } from './routes/config-objects.js';
import { serveLogs } from './routes/logs.js';
import { isStreamRoute, matchRoute, routeMethods, type Route } from './routes/match-route.js';
import { serveGetPod, serveListPods, serveManifestProblems, servePodEvents } from './routes/pods.js';
import { badRequest, internalError, rawStatusResponse, sendStatus, type Failure, sendJson } from './status-object.js';

export interface ApiServerDeps {
  api: AgentApi;
  runtime: ContainerRuntime;
  log: Logger;
  /** The Kubernetes API for kubectl (version, discovery, selectors, Tables, watch); absent: the local routes only. */
  kube?: KubeApi;
}

export interface ApiServer {
  /** Replaces a stale socket file, listens, then restricts the socket to owner and group (0660). */
  listen(socketPath: string): Promise<void>;
  /** Stops listening and drops open connections (log follows, exec sessions). */
  close(): Promise<void>;
}

const SOCKET_MODE = 0o660;

/** The request and upgrade handlers, shared by the unix socket and the HTTPS server (src/server/https-api-server.ts). */
export interface ApiHandlers {
  request: (req: IncomingMessage, res: ServerResponse) => void;
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export function createApiHandlers(deps: ApiServerDeps): ApiHandlers {
  const log = deps.log.child({ component: 'api-server' });
  const routeDeps = { ...deps, log };
  return {
    request(req, res) {
      handleRequest(routeDeps, req, res).catch((err: unknown) => {
        log.error({ err, method: req.method, url: req.url }, 'Failed to serve request');
        if (!res.headersSent) sendStatus(res, internalError(messageOf(err)));
        else res.destroy();
      });
    },
    upgrade(req, socket, head) {
      // The socket is ours now: a client that resets it must not take the agent down.
      socket.on('error', (err) => log.debug({ err }, 'Upgraded connection failed'));
      handleUpgrade(routeDeps, req, socket, head).catch((err: unknown) => {
        log.error({ err, method: req.method, url: req.url }, 'Failed to serve request');
        if (socket.writable) socket.end(rawStatusResponse(internalError(messageOf(err))));
      });
    },
  };
}

export function createApiServer(deps: ApiServerDeps): ApiServer {
  const log = deps.log.child({ component: 'api-server' });
  const handlers = createApiHandlers(deps);
  const sockets = new Set<Duplex>();
  const server = createServer();
  server.on('connection', (socket: Socket) => track(sockets, socket));
  server.on('request', handlers.request);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    track(sockets, socket);
    handlers.upgrade(req, socket, head);
  });
  let socketPath: string | undefined;

  return {
    async listen(path) {
      await mkdir(dirname(path), { recursive: true });
      await removeStaleSocket(path);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => {
          server.off('error', reject);
          resolve();
        });
      });
      socketPath = path;
      server.on('error', (err) => log.error({ err }, 'API server failed'));
      await chmod(path, SOCKET_MODE);
      log.info({ socket: path }, 'Listening on the API socket');
    },
    async close() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      if (socketPath !== undefined) await rm(socketPath, { force: true });
    },
  };
}

async function handleRequest(deps: ApiServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (deps.kube?.serve(req, res)) return;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = matchRoute(url.pathname);
  const refusal = checkRoute(route, req.method);
  if (refusal !== undefined) return sendStatus(res, refusal);
  switch (route?.kind) {
    case 'listPods':
      return serveListPods(deps.api, res, route.namespace);
    case 'getPod':
      return serveGetPod(deps.api, res, route.namespace, route.name);
    case 'podEvents':
      return servePodEvents(deps.api, res, route.namespace, route.name);
    case 'manifestProblems':
      return serveManifestProblems(deps.api, res);
    case 'nodeUsage':
      if (!deps.api.nodeUsage) return sendStatus(res, { code: 404, reason: 'NotFound', message: 'this agent reads no pod cgroups: it runs without a cgroup layout (see its start-up log)' });
      return sendJson(res, 200, { kind: 'NodeUsage', ...(await deps.api.nodeUsage()) });
    case 'listConfigObjects':
      return serveListConfigObjects(deps.api, res, route.resource, route.namespace);
    case 'getConfigObject':
      return serveGetConfigObject(deps.api, res, route.resource, route.namespace, route.name);
    case 'listServiceObjects':
      return serveListServiceObjects(deps.api, res, route.resource, route.namespace);
    case 'getServiceObject':
      return serveGetServiceObject(deps.api, res, route.resource, route.namespace, route.name);
    case 'listNodes':
      return sendJson(res, 200, { apiVersion: 'v1', kind: 'NodeList', metadata: { resourceVersion: '' }, items: [deps.api.getNode()] });
    case 'getNode': {
      const node = deps.api.getNode();
      if (node.metadata.name !== route.name) return sendStatus(res, { code: 404, reason: 'NotFound', message: `nodes "${route.name}" not found` });
      return sendJson(res, 200, node);
    }
    case 'podLog':
      return serveLogs(deps, req, res, { namespace: route.namespace, name: route.name, query: url.searchParams });
    case 'podExec':
    case 'podAttach':
    case 'podPortForward':
      return sendStatus(res, badRequest(`${url.pathname} needs a connection upgrade (WebSocket, as kubectl sends it)`));
  }
}

async function handleUpgrade(deps: ApiServerDeps, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = matchRoute(url.pathname);
  const refusal = checkRoute(route, req.method);
  if (refusal !== undefined) return void socket.end(rawStatusResponse(refusal));
  if (route === undefined || !isStreamRoute(route)) {
    return void socket.end(rawStatusResponse(badRequest(`${url.pathname} does not upgrade connections`)));
  }
  await serveStream(deps, req, socket, head, route, url.searchParams);
}

function checkRoute(route: Route | undefined, method: string | undefined): Failure | undefined {
  if (route === undefined) {
    return { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' };
  }
  if (!routeMethods(route).includes(method ?? '')) {
    return { code: 405, reason: 'MethodNotAllowed', message: `the server does not allow this method on the requested resource` };
  }
  return undefined;
}

/** A socket file left by an agent that died is removed; one a live agent answers on is not. */
async function removeStaleSocket(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (stat === undefined) return;
  if (!stat.isSocket()) throw new Error(`${path} exists and is not a socket: remove it or pass another --root-dir`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new Error(`another process is already serving ${path}: is a minikubelet agent running with this root dir?`);
  await rm(path, { force: true });
}

export function track(sockets: Set<Duplex>, socket: Duplex): void {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
