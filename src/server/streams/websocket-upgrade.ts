/** Completes a WebSocket handshake on an upgrade request, with the subprotocol the caller chose. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

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
 * Answers `101` with `protocol` and resolves with the open WebSocket. A malformed handshake is
 * answered `400` by `ws` and rejects.
 */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<WebSocket> {
  // One server per connection: nothing is shared, and `ws` keeps no list of clients.
  const server = new WebSocketServer({ noServer: true, clientTracking: false, handleProtocols: () => protocol });
  return new Promise((resolve, reject) => {
    socket.once('close', () => reject(new Error('the client closed the connection during the WebSocket handshake')));
    server.handleUpgrade(req, socket, head, (ws) => resolve(ws));
  });
}
