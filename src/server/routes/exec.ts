/**
 * `exec` and `attach` (`/api/v1/namespaces/{ns}/pods/{name}/exec|attach`) over kubectl's
 * WebSocket protocol (`../streams/channel-protocol.ts`). A request refused before the upgrade
 * (unknown pod, container not running, no command, not a WebSocket) is an ordinary HTTP response
 * with a Kubernetes `Status` body, which kubectl prints.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiServerDeps } from '../api-server.js';
import { negotiateStreamProtocol, STREAM_PROTOCOLS, type TerminalSize } from '../streams/channel-protocol.js';
import { runRemoteCommand, type StartedSession } from '../streams/remote-command-session.js';
import { acceptWebSocket, isWebSocketRequest, offeredProtocols } from '../streams/websocket-upgrade.js';
import { badRequest, isFailure, rawStatusResponse, type Failure } from '../status-object.js';
import { checkAttach, startAttach } from './attach.js';
import { parseStreamRequest, type StreamRequest } from './stream-request.js';

export interface StreamTarget {
  namespace: string;
  name: string;
  query: URLSearchParams;
}

export function serveExec(deps: ApiServerDeps, req: IncomingMessage, socket: Duplex, head: Buffer, target: StreamTarget): Promise<void> {
  return serveRemoteCommand(deps, req, socket, head, target, 'exec');
}

export function serveAttach(deps: ApiServerDeps, req: IncomingMessage, socket: Duplex, head: Buffer, target: StreamTarget): Promise<void> {
  return serveRemoteCommand(deps, req, socket, head, target, 'attach');
}

async function serveRemoteCommand(
  deps: ApiServerDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: StreamTarget,
  kind: 'exec' | 'attach',
): Promise<void> {
  const refuse = (failure: Failure): void => void socket.end(rawStatusResponse(failure));
  const request = parseStreamRequest(target.query, kind);
  if ('code' in request) return refuse(request);
  const resolved = deps.api.resolveContainer(target.namespace, target.name, request.container, false);
  if (isFailure(resolved)) return refuse(resolved);
  if (!resolved.running) {
    return refuse(badRequest(`container ${resolved.containerName} is not running in pod ${target.namespace}/${target.name}`));
  }
  let streams = request;
  if (kind === 'attach') {
    const allowed = checkAttach(deps, target, resolved, request);
    if ('code' in allowed) return refuse(allowed);
    streams = allowed;
  }
  // Last: kubectl retries a refused WebSocket upgrade over SPDY, so the reasons above must be the
  // same whatever the protocol, for it to print them.
  const protocol = negotiateStreamProtocol(offeredProtocols(req));
  if (!isWebSocketRequest(req) || protocol === undefined) return refuse(unsupportedProtocol(req, kind));
  const ws = await acceptWebSocket(req, socket, head, protocol);
  if (ws === undefined) return;
  await runRemoteCommand({
    ws,
    protocol,
    streams,
    log: deps.log.child({ pod: `${target.namespace}/${target.name}`, container: resolved.containerName, stream: kind }),
    start: (size) => (kind === 'exec' ? startExec(deps, resolved.containerId, streams, size) : startAttach(deps, resolved.containerId, streams)),
  });
}

/** Starts `request.command` in the container (exec's start, shared with the kubelet port). */
export async function startExec(deps: ApiServerDeps, containerId: string, request: StreamRequest, size: TerminalSize | undefined): Promise<StartedSession> {
  const options = { cmd: request.command, stdin: request.stdin, tty: request.tty };
  const session = await deps.runtime.exec(containerId, size ? { ...options, initialSize: { cols: size.width, rows: size.height } } : options);
  return {
    session,
    outcome: async () => {
      const exitCode = await session.exitCode();
      return exitCode === undefined ? { failure: 'the engine did not report the exit code of the command within 5 s of its output ending: see the agent log and the engine (docker info)' } : { exitCode, command: request.command };
    },
  };
}

function unsupportedProtocol(req: IncomingMessage, kind: string): Failure {
  const offered = isWebSocketRequest(req) ? offeredProtocols(req).join(', ') || 'none' : String(req.headers.upgrade ?? 'none');
  return badRequest(
    `${kind} needs a WebSocket upgrade with subprotocol ${STREAM_PROTOCOLS.join(' or ')} (kubectl 1.30 or later, ` +
      `without KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false); the request offered: ${offered}`,
  );
}
