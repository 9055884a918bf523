/** `GET /api/v1/namespaces/{ns}/pods/{name}/log`: a container's logs as text/plain. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LogOptions } from '../../runtime/types.js';
import type { ApiServerDeps } from '../api-server.js';
import { badRequest, isFailure, sendStatus, type Failure } from '../status-object.js';
import { parseQueryBool } from './match-route.js';

interface LogQuery {
  container: string | undefined;
  previous: boolean;
  options: LogOptions;
  /** `limitBytes`: the response ends after this many bytes (kubelet LimitWriter). */
  limitBytes?: number;
}

export async function serveLogs(
  deps: ApiServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  target: { namespace: string; name: string; query: URLSearchParams },
): Promise<void> {
  const query = parseLogQuery(target.query, Date.now());
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
    if (query.limitBytes === undefined) await pipeline(stream, res);
    else await pipeline(stream, limitTo(query.limitBytes), res);
  } catch (err) {
    if (clientGone || req.destroyed) return;
    deps.log.warn({ err, pod: `${target.namespace}/${target.name}`, container: resolved.containerName }, 'Failed to stream logs');
    res.destroy();
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The kubelet's PodLogOptions (`sinceSeconds`/`sinceTime` exclusive, `limitBytes` ≥ 1); `now` turns a sinceTime into seconds. Pure. */
export function parseLogQuery(query: URLSearchParams, nowMs: number): LogQuery | Failure {
  const tail = parseCount(query.get('tailLines'));
  if (tail === null) return badRequest(`tailLines: Invalid value: "${query.get('tailLines')}": must be an integer >= 0`);
  let since = parseCount(query.get('sinceSeconds'));
  if (since === null || since === 0) {
    return badRequest(`sinceSeconds: Invalid value: "${query.get('sinceSeconds')}": must be greater than 0`);
  }
  const sinceTime = query.get('sinceTime');
  if (sinceTime !== null) {
    if (since !== undefined) return badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
    const ms = RFC3339.test(sinceTime) ? Date.parse(sinceTime) : NaN;
    if (Number.isNaN(ms)) return badRequest(`sinceTime: Invalid value: "${sinceTime}": must be an RFC 3339 time such as 2024-01-02T15:04:05Z`);
    // Whole seconds, as the engine's `since`; a time in the future shows only what comes after it.
    since = Math.ceil((nowMs - ms) / 1000) || -1;
  }
  const limit = parseCount(query.get('limitBytes'));
  if (limit === null || limit === 0) return badRequest(`limitBytes: Invalid value: "${query.get('limitBytes')}": must be greater than 0`);
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
    ...(limit !== undefined ? { limitBytes: limit } : {}),
  };
}

/** Passes the first `limit` bytes, then ends the stream (a follow stops there too). */
function limitTo(limit: number): Transform {
  let left = limit;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (left > 0) {
        const part = chunk.subarray(0, left);
        left -= part.length;
        this.push(part);
      }
      if (left <= 0) this.push(null);
      done();
    },
  });
}

/** undefined when absent, null when not a non-negative integer. */
function parseCount(text: string | null): number | undefined | null {
  if (text === null) return undefined;
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}
