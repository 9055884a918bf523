/** Completes a WebSocket handshake on an upgrade request, with the subprotocol the caller chose. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** `Upgrade: websocket` (k8s `wsstream.IsWebSocketRequest`); anything else is SPDY or unknown. */
export function isWebSocketRequest(req: IncomingMessage): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** The subprotocols the client offers (`Sec-WebSocket-Protocol`, comma-separated). */
export function offeredProtocols(req: IncomingMessage): string[] {
  return String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * Answers `101` with `protocol` and resolves with the open WebSocket, paused: the caller resumes it
 * once it listens, so no message arrives unheard. Undefined when the handshake fails (`ws` answers
 * a malformed one `400`) or the client leaves during it: nothing more to do. `ws` is loaded at the
 * first WebSocket a client opens (an agent nobody streams from never holds it).
 */
export async function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<WebSocket | undefined> {
  const { WebSocketServer } = await import('ws');
  if (socket.destroyed) return undefined;
  // One server per connection: nothing is shared, and `ws` keeps no list of clients.
  const server = new WebSocketServer({ noServer: true, clientTracking: false });
  // `ws` checks subprotocols as RFC 7230 tokens, and kubectl's `SPDY/3.1+portforward.k8s.io` is
  // not one ('/'): the caller has already chosen among the offered protocols, so the header is
  // taken out of ws's sight and the choice written into the 101 response directly.
  delete req.headers['sec-websocket-protocol'];
  server.on('headers', (headers: string[]) => headers.push(`Sec-WebSocket-Protocol: ${protocol}`));
  return new Promise((resolve) => {
    socket.once('close', () => resolve(undefined));
    server.handleUpgrade(req, socket, head, (ws) => {
      ws.pause();
      resolve(ws);
    });
  });
}
