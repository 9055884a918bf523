import http from 'node:http';
import https from 'node:https';
import type { HTTPGetAction } from '../api/pod-types.js';
import { dialErrorText, joinHostPort } from './dial-error.js';
import { MAX_PROBE_OUTPUT_BYTES } from './exec-output.js';

/**
 * The Kubernetes minor version our User-Agent claims: `kube-probe/1.31`, `kube-lifecycle/1.31`
 * (kubelet pkg/probe/http/request.go `userAgent`); the semantics we match are v1.29–1.31's.
 */
export const KUBE_VERSION = '1.31';

/** Go's http.Client default: stop after 10 redirects (kubelet `RedirectChecker`). */
const MAX_REDIRECTS = 10;

export interface HttpGetResult {
  statusCode?: number;
  /** At most 10 KiB of the body. */
  body: string;
  /** Transport error, worded as Go's client (`Get "http://…": dial tcp …: connect: connection refused`). */
  error?: string;
}

/**
 * `<scheme>://<host>:<port><path>` (kubelet `formatURL`): the host is `httpGet.host` or the pod IP,
 * a path without a leading slash gets one, a query in the path is kept.
 */
export function httpGetUrl(action: HTTPGetAction, host: string, port: number): URL {
  const url = new URL(`${action.scheme.toLowerCase()}://${joinHostPort(host, port)}/`);
  const query = action.path.indexOf('?');
  const path = query < 0 ? action.path : action.path.slice(0, query);
  url.pathname = path.startsWith('/') ? path : `/${path}`;
  if (query >= 0) url.search = action.path.slice(query);
  return url;
}

/**
 * Request headers as the kubelet sets them (request.go `newProbeRequest`): every `httpHeaders`
 * entry, `User-Agent: kube-<purpose>/<version>` and `Accept: *\/*` unless given; an `Accept` given
 * empty is removed; a `Host` entry sets the request's Host.
 */
export function httpGetHeaders(action: HTTPGetAction, purpose: 'probe' | 'lifecycle'): Record<string, string | string[]> {
  const headers: Record<string, string[]> = {};
  for (const h of action.httpHeaders) (headers[h.name.toLowerCase()] ??= []).push(h.value);
  headers['user-agent'] ??= [`kube-${purpose}/${KUBE_VERSION}`];
  if (!headers.accept) headers.accept = ['*/*'];
  else if (headers.accept.every((v) => v === '')) delete headers.accept;
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(headers)) out[name] = values.length === 1 ? values[0]! : values;
  return out;
}

/**
 * One GET as the kubelet's probe client makes it: no keep-alive (a new connection each time), no
 * proxy, TLS not verified, the whole exchange bounded by `timeoutMs`, at most 10 KiB of body read.
 * Redirects are followed only to the same host name, up to 10; a redirect elsewhere is returned
 * as it is (the caller sees the 3xx).
 */
export async function httpGet(url: URL, headers: Record<string, string | string[]>, timeoutMs: number | undefined, signal?: AbortSignal): Promise<HttpGetResult> {
  const deadline = new AbortController();
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => deadline.abort(), timeoutMs);
  const onAbort = () => deadline.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const response = await getOnce(current, headers, deadline.signal);
      if ('error' in response) return { body: '', error: `Get "${current.href}": ${response.error}` };
      const location = response.location;
      if (!isFollowedRedirect(response.statusCode) || !location) return response;
      const next = new URL(location, current);
      if (next.hostname !== url.hostname) return response;
      // Go: refused when the requests made so far (`via`) reach 10.
      if (redirects + 1 >= MAX_REDIRECTS) return { body: '', error: `Get "${next.href}": stopped after ${MAX_REDIRECTS} redirects` };
      current = next;
    }
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function isFollowedRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

interface OnceResult {
  statusCode: number;
  body: string;
  location?: string;
}

function getOnce(url: URL, headers: Record<string, string | string[]>, signal: AbortSignal): Promise<OnceResult | { error: string }> {
  const client = url.protocol === 'https:' ? https : http;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: OnceResult | { error: string }) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(value);
    };
    const onAbort = () => finish({ error: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' });
    const request = client.request(url, { method: 'GET', headers, agent: false, rejectUnauthorized: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () =>
        finish({
          statusCode: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          ...(response.headers.location ? { location: response.headers.location } : {}),
        });
      response.on('data', (chunk: Buffer) => {
        const room = MAX_PROBE_OUTPUT_BYTES - size;
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += chunk.length;
        // kubelet reads at most 10 KiB and does not wait for the rest.
        if (size >= MAX_PROBE_OUTPUT_BYTES) done();
      });
      response.once('end', done);
      response.once('error', done);
      response.once('aborted', done);
    });
    request.once('error', (err) => finish({ error: dialErrorText(err, host, port) }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    request.end();
  });
}
