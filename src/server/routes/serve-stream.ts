/**
 * The upgraded requests: `exec`, `attach`, `portforward`. Independent of the server that accepted
 * the connection (the unix socket here, the HTTPS port likewise): give it the request, the socket,
 * the bytes read past the request head and the route.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiServerDeps } from '../api-server.js';
import { serveAttach, serveExec } from './exec.js';
import type { StreamRoute } from './match-route.js';
import { servePortForward } from './port-forward.js';

export function serveStream(
  deps: ApiServerDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  route: StreamRoute,
  query: URLSearchParams,
): Promise<void> {
  const target = { namespace: route.namespace, name: route.name, query };
  switch (route.kind) {
    case 'podExec':
      return serveExec(deps, req, socket, head, target);
    case 'podAttach':
      return serveAttach(deps, req, socket, head, target);
    case 'podPortForward':
      return servePortForward(deps, req, socket, head, target);
  }
}
