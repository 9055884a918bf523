/**
 * The optional read-only TCP port (the kubelet's `--read-only-port` habit, 10255 there): `/healthz`,
 * `/pods` and `/metrics`, nothing else. It carries no credentials check, so it never serves logs,
 * exec or anything that writes; those stay on the unix socket, which is closed to other users.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { closeServer, listenTcp } from './tcp-listener.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { AgentApi } from './agent-api.js';
import { makePodList } from './api-shapes.js';
import { redactPod } from './redact-pod.js';
import { computeHealth, formatHealth } from './compute-health.js';
import { sendJson, sendStatus } from './status-object.js';

/** A ping slower than this counts as no answer. */
const ENGINE_PING_TIMEOUT_MS = 5_000;

/** What the manifest source says about its directory listing. */
export interface SourceListing {
  lastListedMs: number | undefined;
  problem: string | undefined;
}

export interface ReadOnlyServerDeps {
  api: Pick<AgentApi, 'listPods'>;
  metrics: { exposition(): Promise<{ contentType: string; text: string }> };
  runtime: Pick<ContainerRuntime, 'ping'>;
  source: { listing(): SourceListing };
  rescanMs: number;
  now: () => number;
  log: Logger;
}

export interface ReadOnlyServer {
  /** Resolves with the bound port (useful with port 0 in tests). */
  listen(port: number, address: string): Promise<number>;
  close(): Promise<void>;
}

export function createReadOnlyServer(deps: ReadOnlyServerDeps): ReadOnlyServer {
  const log = deps.log.child({ component: 'read-only-server' });
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    serve(deps, req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, 'Failed to serve request');
      if (!res.headersSent) sendStatus(res, { code: 500, reason: 'InternalError', message: `Internal error occurred: ${(err as Error).message}` });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // No exec or log streams here: upgrades are refused outright.
  server.on('upgrade', (_req, socket: Socket) => socket.destroy());
  return {
    async listen(port, address) {
      const bound = await listenTcp(server, port, address, log, 'Read-only server');
      log.info({ address, port: bound }, 'Listening on the read-only port');
      return bound;
    },
    close: () => closeServer(server, sockets),
  };
}

async function serve(deps: ReadOnlyServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const route = ROUTES[pathname];
  if (route === undefined) return sendStatus(res, { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendStatus(res, { code: 405, reason: 'MethodNotAllowed', message: 'the read-only port only serves GET' });
  }
  await route(deps, res);
}

const ROUTES: Record<string, (deps: ReadOnlyServerDeps, res: ServerResponse) => Promise<void>> = {
  '/healthz': async (deps, res) => {
    const listing = deps.source.listing();
    const checks = computeHealth({
      engineError: await pingError(deps.runtime),
      lastScanMs: listing.lastListedMs,
      sourceProblem: listing.problem,
      rescanMs: deps.rescanMs,
      nowMs: deps.now(),
    });
    const { code, text } = formatHealth(checks);
    sendText(res, code, 'text/plain; charset=utf-8', text);
  },
  '/pods': async (deps, res) => sendJson(res, 200, makePodList(deps.api.listPods().map(redactPod))),
  '/metrics': async (deps, res) => {
    const { contentType, text } = await deps.metrics.exposition();
    sendText(res, 200, contentType, text);
  },
};

/** undefined when the engine answers a ping within 5 s; else why not. */
export async function pingError(runtime: Pick<ContainerRuntime, 'ping'>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ENGINE_PING_TIMEOUT_MS / 1000}s`), ENGINE_PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([runtime.ping().then(() => undefined), timeout]);
  } catch (err) {
    return (err as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

function sendText(res: ServerResponse, code: number, contentType: string, text: string): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
