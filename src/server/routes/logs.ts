/** `GET /api/v1/namespaces/{ns}/pods/{name}/log`: a container's logs as text/plain. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { LogOptions } from '../../runtime/types.js';
import type { ApiServerDeps } from '../api-server.js';
import { badRequest, isFailure, sendStatus, type Failure } from '../status-object.js';
import { parseQueryBool } from './match-route.js';

interface LogQuery {
  container: string | undefined;
  previous: boolean;
  options: LogOptions;
}

export async function serveLogs(
  deps: ApiServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  target: { namespace: string; name: string; query: URLSearchParams },
): Promise<void> {
  const query = parseLogQuery(target.query);
  if ('code' in query) return sendStatus(res, query);
  const resolved = deps.api.resolveContainer(target.namespace, target.name, query.container, query.previous);
  if (isFailure(resolved)) return sendStatus(res, resolved);

  // The client going away ends a follow: abort the engine's stream with it.
  const controller = new AbortController();
  let clientGone = false;
  res.on('close', () => {
    clientGone = !res.writableFinished;
    controller.abort();
  });
  const stream = await deps.runtime.logs(resolved.containerId, query.options, controller.signal);
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  try {
    await pipeline(stream, res);
  } catch (err) {
    if (clientGone || req.destroyed) return;
    deps.log.warn({ err, pod: `${target.namespace}/${target.name}`, container: resolved.containerName }, 'Failed to stream logs');
    res.destroy();
  }
}

function parseLogQuery(query: URLSearchParams): LogQuery | Failure {
  const tail = parseCount(query.get('tailLines'));
  if (tail === null) return badRequest(`tailLines: Invalid value: "${query.get('tailLines')}": must be an integer >= 0`);
  const since = parseCount(query.get('sinceSeconds'));
  if (since === null || since === 0) {
    return badRequest(`sinceSeconds: Invalid value: "${query.get('sinceSeconds')}": must be greater than 0`);
  }
  const options: LogOptions = {
    follow: parseQueryBool(query.get('follow')),
    timestamps: parseQueryBool(query.get('timestamps')),
  };
  if (tail !== undefined) options.tail = tail;
  if (since !== undefined) options.sinceSeconds = since;
  return {
    container: query.get('container') || undefined,
    previous: parseQueryBool(query.get('previous')),
    options,
  };
}

/** undefined when absent, null when not a non-negative integer. */
function parseCount(text: string | null): number | undefined | null {
  if (text === null) return undefined;
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}
