/**
 * `?watch=1`: a chunked stream of `{"type":…,"object":…}` lines, as the API server sends them.
 * Selectors apply to every change (an object that stops matching is sent as DELETED, one that
 * starts as ADDED); with a Table Accept header each object is a one-row Table (`kubectl get -w`).
 * A version older than the history is an `ERROR` event with a `410 Expired` Status, and the
 * client lists again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { makeStatus } from '../status-object.js';
import type { KubeObject, WatchEvent } from './kube-object.js';
import type { KubeResource } from './kube-resources.js';
import { matchesQuery, type ListQuery } from './list-query.js';
import type { ObjectTracker } from './object-tracker.js';
import { makeTable } from './kube-tables.js';

/** The API server closes a watch after 30–60 min unless timeoutSeconds says sooner; clients rewatch. */
const DEFAULT_WATCH_SECONDS = 30 * 60;
const BOOKMARK_EVERY_MS = 60_000;

type OutType = WatchEvent['type'] | 'BOOKMARK' | 'ERROR';

/** What a change looks like through the watch's selectors (undefined: not for this watcher). Pure. */
export function filterChange(resource: KubeResource, query: ListQuery, change: WatchEvent): { type: WatchEvent['type']; object: KubeObject } | undefined {
  const now = matchesQuery(resource, query, change.object);
  if (change.type !== 'MODIFIED') return now ? { type: change.type, object: change.object } : undefined;
  const before = change.previous !== undefined && matchesQuery(resource, query, change.previous);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: change.object };
  return before ? { type: 'DELETED', object: change.object } : undefined;
}

export function serveWatch(
  deps: { tracker: ObjectTracker; now: () => number },
  req: IncomingMessage,
  res: ServerResponse,
  resource: KubeResource,
  query: ListQuery,
): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  // A watch with nothing to send yet still answers now: clients wait for the headers before watching.
  res.flushHeaders();
  const write = (type: OutType, object: unknown) => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const shown = (object: KubeObject): unknown => {
    const view = resource.view(object);
    if (query.table === undefined) return view;
    return makeTable(resource.table, [view], { nowMs: deps.now(), resourceVersion: view.metadata.resourceVersion ?? '', include: query.table });
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: resource.kind, apiVersion: resource.group === '' ? 'v1' : `${resource.group}/v1`,
      metadata: { resourceVersion: String(deps.tracker.currentVersion()), ...(annotations ? { annotations } : {}) },
    });

  const started = deps.tracker.watch(resource.tracked, query.resourceVersion, (change) => {
    const out = filterChange(resource, query, change);
    if (out) write(out.type, shown(out.object));
  });
  if (started === 'expired') {
    const message = `too old resource version: ${query.resourceVersion} (${deps.tracker.currentVersion()})`;
    write('ERROR', { ...makeStatus({ code: 410, reason: 'Expired', message }) });
    res.end();
    return;
  }
  if (query.resourceVersion === undefined) {
    for (const object of deps.tracker.list(resource.tracked)) if (matchesQuery(resource, query, object)) write('ADDED', shown(object));
    if (query.sendInitialEvents && query.bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    for (const change of started.replay) {
      const out = filterChange(resource, query, change);
      if (out) write(out.type, shown(out.object));
    }
  }
  const timers = [setTimeout(() => res.end(), (query.timeoutSeconds ?? DEFAULT_WATCH_SECONDS) * 1000)];
  if (query.bookmarks) timers.push(setInterval(() => bookmark(), BOOKMARK_EVERY_MS));
  const stop = () => {
    started.stop();
    for (const t of timers) clearTimeout(t);
  };
  res.on('close', stop);
  req.on('close', stop);
}
