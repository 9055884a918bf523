/**
 * `POST /api/v1/namespaces/{ns}/pods/{name}/exec` upgraded to the `minikubelet-exec` protocol
 * (see `../exec-protocol.ts`). Refusals are plain HTTP responses carrying a `Status`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecOptions } from '../../runtime/types.js';
import type { ApiServerDeps } from '../api-server.js';
import { EXEC_UPGRADE_PROTOCOL } from '../exec-protocol.js';
import { badRequest, isFailure, rawStatusResponse, type Failure } from '../status-object.js';
import { bridgeExecSession } from './exec-bridge.js';
import { parseQueryBool } from './match-route.js';

export async function serveExec(
  deps: ApiServerDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: { namespace: string; name: string; query: URLSearchParams },
): Promise<void> {
  const refuse = (failure: Failure): void => {
    socket.end(rawStatusResponse(failure));
  };
  const protocol = String(req.headers.upgrade ?? '').toLowerCase();
  if (protocol !== EXEC_UPGRADE_PROTOCOL) {
    return refuse(badRequest(`unsupported upgrade protocol "${protocol}": this agent speaks ${EXEC_UPGRADE_PROTOCOL}`));
  }
  const request = parseExecQuery(target.query);
  if ('code' in request) return refuse(request);
  const resolved = deps.api.resolveContainer(target.namespace, target.name, request.container, false);
  if (isFailure(resolved)) return refuse(resolved);
  if (!resolved.running) return refuse(badRequest(`container ${resolved.containerName} is not running`));

  const session = await deps.runtime.exec(resolved.containerId, request.options);
  if (socket.destroyed) {
    session.stream.end();
    return;
  }
  socket.write(
    ['HTTP/1.1 101 Switching Protocols', 'Connection: Upgrade', `Upgrade: ${EXEC_UPGRADE_PROTOCOL}`, '', ''].join('\r\n'),
  );
  const log = deps.log.child({ pod: `${target.namespace}/${target.name}`, container: resolved.containerName });
  bridgeExecSession({ session, socket, head, options: request.options, log });
}

function parseExecQuery(query: URLSearchParams): { container: string | undefined; options: ExecOptions } | Failure {
  const cmd = query.getAll('command');
  if (cmd.length === 0) return badRequest('you must specify at least 1 command');
  return {
    container: query.get('container') || undefined,
    options: { cmd, stdin: parseQueryBool(query.get('stdin')), tty: parseQueryBool(query.get('tty')) },
  };
}
