import http from 'node:http';
import https from 'node:https';
import { ApiError, apiErrorOf } from './api-error.js';
import type { ClusterAccess } from './kubeconfig.js';
import { WatchLineSplitter } from './watch-lines.js';

/**
 * The smallest Kubernetes REST client the node needs, on Node's https module (no
 * `@kubernetes/client-node`: its dependency tree alone is tens of MiB against issue #18's budget).
 * JSON bodies; `Status` replies become `ApiError`s; every request has a timeout.
 */

export type PatchType = 'strategic' | 'merge';

const PATCH_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
};

/** One event of a watch stream: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR` (a Status). */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface RequestOptions {
  body?: unknown;
  patch?: PatchType;
  query?: Record<string, string>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class KubeClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly access: ClusterAccess,
    private readonly userAgent = 'minikubelet',
  ) {
    this.agent = access.server.startsWith('https:')
      ? new https.Agent({
        keepAlive: true, rejectUnauthorized: !access.insecure,
        ...(access.ca ? { ca: access.ca } : {}), ...(access.cert ? { cert: access.cert } : {}), ...(access.key ? { key: access.key } : {}),
      })
      : new http.Agent({ keepAlive: true });
  }

  get<T>(path: string, query?: Record<string, string>): Promise<T> {
    return this.request<T>('GET', path, query ? { query } : {});
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  patch<T>(path: string, body: unknown, type: PatchType = 'strategic'): Promise<T> {
    return this.request<T>('PATCH', path, { body, patch: type });
  }

  delete<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('DELETE', path, body === undefined ? {} : { body });
  }

  /** One request; resolves with the decoded JSON reply, rejects with an `ApiError`. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const where = `${method} ${path}`;
    const res = await this.open(method, path, options);
    const body = await readBody(res).catch((err: Error) => {
      throw new ApiError(0, 'ConnectionError', err.message, where);
    });
    if ((res.statusCode ?? 0) >= 300) throw apiErrorOf(res.statusCode ?? 0, body, where);
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new ApiError(res.statusCode ?? 0, 'InvalidResponse', `not JSON: ${body.slice(0, 200)}`, where);
    }
  }

  /**
   * A watch (`?watch=1`): calls `onEvent` per JSON line until the server closes the stream, the
   * signal aborts, or no byte comes for `idleMs`. Resolves on a clean end; rejects with an ApiError
   * when the server refuses the watch (410 included).
   */
  async watch<T>(path: string, query: Record<string, string>, onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal, idleMs = 330_000): Promise<void> {
    const res = await this.open('GET', path, { query: { ...query, watch: '1' }, timeoutMs: idleMs }, signal);
    if ((res.statusCode ?? 0) >= 300) throw apiErrorOf(res.statusCode ?? 0, await readBody(res).catch(() => ''), `WATCH ${path}`);
    const lines = new WatchLineSplitter();
    await new Promise<void>((resolve, reject) => {
      let failed: Error | undefined;
      res.on('data', (chunk: Buffer) => {
        if (failed) return;
        try {
          for (const line of lines.push(chunk)) onEvent(JSON.parse(line) as WatchEvent<T>);
        } catch (err) {
          // A bad line or an ERROR event the handler turned into an error: the watch ends with it.
          failed = err instanceof Error ? err : new Error(String(err));
          res.destroy();
        }
      });
      res.on('error', (err) => {
        failed ??= signal.aborted ? undefined : new ApiError(0, 'ConnectionError', err.message, `WATCH ${path}`);
      });
      res.on('close', () => (failed ? reject(failed) : resolve()));
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private open(method: string, path: string, options: RequestOptions, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const url = new URL(this.access.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json', 'user-agent': this.userAgent };
    if (payload) {
      headers['content-type'] = options.patch ? PATCH_TYPES[options.patch] : 'application/json';
      headers['content-length'] = payload.length;
    }
    if (this.access.token) headers.authorization = `Bearer ${this.access.token}`;
    const where = `${method} ${path}`;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const send = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers, agent: this.agent, ...(signal ? { signal } : {}) }, resolve);
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (err) => reject(new ApiError(0, 'ConnectionError', err.message, where)));
      req.end(payload);
    });
  }
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
