/**
 * `portforward` (`/api/v1/namespaces/{ns}/pods/{name}/portforward`): SPDY/3.1 streams
 * (`../streams/spdy-session.ts`), either tunnelled in a WebSocket (subprotocol
 * `SPDY/3.1+portforward.k8s.io`, kubectl 1.31+'s first try) or on the raw connection after an
 * `Upgrade: SPDY/3.1` (its fallback). Each request's data stream is joined to a TCP connection to
 * the pod's IP and port: the pod's network namespace, reachable from the host on the bridge.
 */
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ApiServerDeps } from '../api-server.js';
import {
  parsePortForwardHeaders,
  PORT_FORWARD_PROTOCOL,
  PORT_FORWARD_TUNNEL_PROTOCOL,
  StreamPairs,
} from '../streams/port-forward-streams.js';
import { SpdyServerSession, type SpdyStream } from '../streams/spdy-session.js';
import { acceptWebSocket, isWebSocketRequest, offeredProtocols } from '../streams/websocket-upgrade.js';
import { badRequest, podNotFound, rawStatusResponse, type Failure } from '../status-object.js';

/** The kubelet's wait for a request's second stream (`streamCreationTimeout`). */
const STREAM_PAIR_TIMEOUT_MS = 30_000;

interface ForwardTarget {
  podIP: string;
  /** For messages, as the kubelet names the pod: `name_namespace`, and its uid. */
  podFullName: string;
  uid: string;
}

export async function servePortForward(
  deps: ApiServerDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: { namespace: string; name: string },
): Promise<void> {
  const refuse = (failure: Failure): void => void socket.end(rawStatusResponse(failure));
  const pod = deps.api.getPod(target.namespace, target.name);
  if (pod === undefined) return refuse(podNotFound(target.name));
  const podIP = pod.status.podIP;
  if (pod.status.phase !== 'Running' || !podIP) {
    return refuse(badRequest(`unable to forward port because pod ${target.namespace}/${target.name} is not running. Current status=${pod.status.phase}`));
  }
  const forward: ForwardTarget = { podIP, podFullName: `${target.name}_${target.namespace}`, uid: pod.metadata.uid ?? '' };
  const log = deps.log.child({ pod: `${target.namespace}/${target.name}`, stream: 'portforward' });

  let transport: Duplex;
  if (isWebSocketRequest(req) && offeredProtocols(req).includes(PORT_FORWARD_TUNNEL_PROTOCOL)) {
    const ws = await acceptWebSocket(req, socket, head, PORT_FORWARD_TUNNEL_PROTOCOL);
    if (ws === undefined) return;
    const { createWebSocketStream } = await import('ws');
    transport = createWebSocketStream(ws);
    ws.resume();
  } else if (isSpdyRequest(req)) {
    socket.write(
      ['HTTP/1.1 101 Switching Protocols', 'Connection: Upgrade', 'Upgrade: SPDY/3.1', `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}`, '', ''].join('\r\n'),
    );
    transport = socket;
  } else {
    return refuse(
      badRequest(
        `port-forward needs a WebSocket upgrade with subprotocol ${PORT_FORWARD_TUNNEL_PROTOCOL}, or Upgrade: SPDY/3.1 with ` +
          `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}, as kubectl port-forward sends them`,
      ),
    );
  }
  const pairs = new StreamPairs<SpdyStream>();
  const session = new SpdyServerSession(transport, (stream) => onStream(stream, pairs, forward, log), log);
  if (transport === socket && head.length > 0) session.receive(head);
}

function isSpdyRequest(req: IncomingMessage): boolean {
  const versions = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((v) => v.trim());
  return String(req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1' && versions.includes(PORT_FORWARD_PROTOCOL);
}

function onStream(stream: SpdyStream, pairs: StreamPairs<SpdyStream>, target: ForwardTarget, log: Logger): void {
  stream.on('error', (err) => log.debug({ err, streamId: stream.streamId }, 'Port-forward stream failed'));
  const info = parsePortForwardHeaders(stream.headers, stream.streamId);
  if ('error' in info) {
    log.debug({ streamId: stream.streamId, reason: info.error }, 'Refused a port-forward stream');
    stream.end(info.error);
    return;
  }
  const pair = pairs.add(info, stream);
  if (pair === 'duplicate') {
    stream.end(`duplicate ${info.streamType} stream for request ${info.requestId}`);
    return;
  }
  if (pair === undefined) {
    const timer = setTimeout(() => {
      for (const waiting of pairs.drop(info.requestId)) waiting.end(`timed out waiting for the other stream of request ${info.requestId}`);
    }, STREAM_PAIR_TIMEOUT_MS);
    stream.once('close', () => clearTimeout(timer));
    return;
  }
  forwardPort(pair.data, pair.error, info.port, target, log);
}

/** Joins the data stream to `podIP:port`; a failure to connect is told on the error stream, in the kubelet's words. */
function forwardPort(data: SpdyStream, error: SpdyStream, port: number, target: ForwardTarget, log: Logger): void {
  const conn = connect({ host: target.podIP, port });
  let connected = false;
  conn.once('connect', () => {
    connected = true;
    data.pipe(conn);
    conn.pipe(data);
  });
  conn.on('error', (err: NodeJS.ErrnoException) => {
    if (connected) {
      log.debug({ err, port }, 'Port-forward connection to the pod failed');
      data.destroy();
      return;
    }
    const why = err.code === 'ECONNREFUSED' ? `connection refused (nothing listens on port ${port} in the pod)` : err.message;
    error.write(`error forwarding port ${port} to pod ${target.podFullName}, uid ${target.uid}: failed to connect to ${target.podIP}:${port}: ${why}`);
    data.end();
  });
  conn.once('close', () => error.end());
  data.once('close', () => conn.destroy());
}
