/**
 * `limit` and `continue` on a list (client-go's chunking; kubectl asks for 500 at a time): at most
 * `limit` items, then a `continue` token for the rest and `remainingItemCount`. The token carries
 * the list's resourceVersion and the offset reached; the next page is cut from the list as it is
 * then (this server keeps no snapshot per list: an object added or removed between pages can
 * shift the rest by one, a trade kubectl's 500-item pages never meet on one node). A token this
 * server did not make is `400`. Pure.
 */
import type { Failure } from '../status-object.js';

export interface ListPage<T> {
  items: T[];
  continue?: string;
  remainingItemCount?: number;
}

export function pageOf<T>(items: readonly T[], query: URLSearchParams, resourceVersion: number): ListPage<T> | Failure {
  const rawLimit = query.get('limit');
  const token = query.get('continue');
  let offset = 0;
  if (token !== null && token !== '') {
    const decoded = decodeToken(token);
    if (decoded === undefined) return { code: 400, reason: 'BadRequest', message: `continue: Invalid value: ${JSON.stringify(token)}: not a continue token this server returned; list again without it` };
    offset = decoded.offset;
  }
  const limit = rawLimit === null || rawLimit === '' ? 0 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0) return { code: 400, reason: 'BadRequest', message: `limit: Invalid value: ${JSON.stringify(rawLimit)}: must be a whole number, 0 or more` };
  const rest = items.slice(offset);
  if (limit === 0 || rest.length <= limit) return { items: rest };
  const next = offset + limit;
  return { items: rest.slice(0, limit), continue: encodeToken({ rv: resourceVersion, offset: next }), remainingItemCount: items.length - next };
}

function encodeToken(token: { rv: number; offset: number }): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', ...token })).toString('base64url');
}

function decodeToken(token: string): { rv: number; offset: number } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; offset?: unknown };
    if (value.v !== 'meta.k8s.io/v1' || !Number.isInteger(value.rv) || !Number.isInteger(value.offset) || (value.offset as number) < 0) return undefined;
    return { rv: value.rv as number, offset: value.offset as number };
  } catch {
    return undefined;
  }
}
