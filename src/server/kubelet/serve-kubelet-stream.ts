/**
 * `/exec`, `/attach` and `/portForward` on the kubelet port: upgraded connections, SPDY/3.1 (what
 * the API server dials) or WebSocket (a client dialling the kubelet itself). The pod is looked up
 * as the API server names it (`kubelet-pod-lookup.ts`); exec and attach read the kubelet's query
 * (`kubelet-stream-options.ts`); port-forward is the agent's own (`../routes/port-forward.ts`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiServerDeps } from '../api-server.js';
import { checkAttach, startAttach } from '../routes/attach.js';
import { startExec } from '../routes/exec.js';
import { servePortForward } from '../routes/port-forward.js';
import type { StreamRequest } from '../routes/stream-request.js';
import { KUBELET_WEBSOCKET_PROTOCOLS, negotiateKubeletWebSocketProtocol } from '../streams/channel-codec.js';
import type { TerminalSize } from '../streams/channel-protocol.js';
import { runRemoteCommand, type StartedSession } from '../streams/remote-command-session.js';
import { negotiateSpdyProtocol } from '../streams/remote-command-streams.js';
import { runSpdyRemoteCommand } from '../streams/spdy-remote-command.js';
import { acceptWebSocket, isWebSocketRequest, offeredProtocols } from '../streams/websocket-upgrade.js';
import { isFailure } from '../status-object.js';
import type { KubeletStreamRoute } from './kubelet-route.js';
import { findKubeletPod, podNotOnNode } from './kubelet-pod-lookup.js';
import { parseKubeletStreamOptions } from './kubelet-stream-options.js';
import { rawTextResponse } from './text-response.js';

export async function serveKubeletStream(deps: ApiServerDeps, req: IncomingMessage, socket: Duplex, head: Buffer, route: KubeletStreamRoute, query: URLSearchParams): Promise<void> {
  const refuse = (code: number, message: string, headers: Record<string, string> = {}): void => void socket.end(rawTextResponse(code, message, headers));
  const pod = findKubeletPod(deps.api, route.namespace, route.pod, route.uid);
  if (pod === undefined) return refuse(404, podNotOnNode(route.namespace, route.pod, deps.api.nodeName));
  const target = { namespace: route.namespace, name: pod.metadata.name };
  if (route.kind === 'portForward') return servePortForward(deps, req, socket, head, target);

  const options = parseKubeletStreamOptions(query, route.kind, route.container);
  if ('error' in options) return refuse(400, options.error);
  const resolved = deps.api.resolveContainer(target.namespace, target.name, route.container, false);
  if (isFailure(resolved)) return refuse(resolved.code, resolved.message);
  if (!resolved.running) return refuse(400, `container ${resolved.containerName} is not running in pod ${route.namespace}/${route.pod}`);
  let streams: StreamRequest = options;
  if (route.kind === 'attach') {
    const allowed = checkAttach(deps, target, resolved, options);
    if ('code' in allowed) return refuse(allowed.code, allowed.message);
    streams = allowed;
  }
  const log = deps.log.child({ pod: `${route.namespace}/${route.pod}`, container: resolved.containerName, stream: route.kind, port: 'kubelet' });
  const start = (size?: TerminalSize): Promise<StartedSession> =>
    route.kind === 'exec' ? startExec(deps, resolved.containerId, streams, size) : startAttach(deps, resolved.containerId, streams);

  if (isWebSocketRequest(req)) {
    const protocol = negotiateKubeletWebSocketProtocol(offeredProtocols(req));
    if (protocol === undefined) {
      return refuse(400, `${route.kind} over WebSocket needs one of the subprotocols ${KUBELET_WEBSOCKET_PROTOCOLS.join(', ')}; the request offered: ${offeredProtocols(req).join(', ') || 'none'}`);
    }
    const ws = await acceptWebSocket(req, socket, head, protocol);
    if (ws === undefined) return;
    return runRemoteCommand({ ws, protocol, streams, log, start });
  }
  if (String(req.headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1') {
    return refuse(400, `unable to upgrade: ${route.kind} needs Upgrade: SPDY/3.1 (as the API server sends it) or a WebSocket, the request asked for ${String(req.headers.upgrade ?? 'none')}`);
  }
  const handshake = negotiateSpdyProtocol(headerValues(req, 'x-stream-protocol-version'));
  if ('code' in handshake) {
    return refuse(handshake.code, handshake.message, handshake.accepted ? { 'X-Accepted-Stream-Protocol-Versions': handshake.accepted.join(', ') } : {});
  }
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Connection: Upgrade', 'Upgrade: SPDY/3.1', `X-Stream-Protocol-Version: ${handshake.protocol}`, '', ''].join('\r\n'));
  runSpdyRemoteCommand({ transport: socket, head, protocol: handshake.protocol, streams, start, log });
}

/** A header's values, repeated lines included (Node keeps each in rawHeaders). */
function headerValues(req: IncomingMessage, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === name) values.push(req.rawHeaders[i + 1]!);
  }
  return values;
}
