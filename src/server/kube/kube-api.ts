/**
 * The Kubernetes API kubectl talks to (issue 15, reads): version, discovery and the read-only
 * collections with selectors, Tables, resourceVersions and watch. Both servers (the unix socket
 * and HTTPS) hand a request here first; what is not a Kubernetes path falls through to the local
 * API's routes (logs, exec, manifest problems).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { toRfc3339 } from '../../api/rfc3339.js';
import type { AgentApi } from '../agent-api.js';
import { sendJson, sendStatus, type Failure } from '../status-object.js';
import {
  AGGREGATED_DISCOVERY_TYPE, makeAggregatedDiscovery, makeApiGroup, makeApiGroupList, makeApiResourceList, makeApiVersions, makeVersionInfo, wantsAggregatedDiscovery,
} from './discovery.js';
import type { KubeObject } from './kube-object.js';
import { trackedResources, type KubeResource } from './kube-resources.js';
import { matchKubeRoute, type KubeRoute } from './kube-route.js';
import { makeTable } from './kube-tables.js';
import { matchesQuery, parseListQuery, wantsTable } from './list-query.js';
import { pageOf } from './list-page.js';
import { ObjectTracker } from './object-tracker.js';
import { ResourceVersions } from './resource-versions.js';
import { serveWatch } from './serve-watch.js';
import type { ManifestWrites } from './writes/manifest-writes.js';
import { isWritable, serveWrite } from './writes/serve-write.js';

export interface KubeApiDeps {
  api: AgentApi;
  /** `<root-dir>/resource-version`: the persisted version block. */
  versionsFile: string;
  startedAtMs: number;
  now: () => number;
  /** Writes go to the manifest directory through these; absent: every write is refused with 405. */
  writes?: ManifestWrites;
  /** Where a failure to serve what the agent itself makes (the OpenAPI documents) is logged. */
  log?: Logger;
}

export interface KubeApi {
  /** Serves a Kubernetes path; false when the path is not one (the caller's routes then answer). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Something the API shows changed (a pod status, an event, the directory): watchers hear of it now. */
  changed(): void;
  close(): void;
}

/** Nodes and namespaces have no change signal of their own: looked at this often while anyone watches. */
const WATCH_POLL_MS = 1_000;

const METHOD_NOT_ALLOWED: Failure = { code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' };
const NOT_FOUND: Failure = { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' };

export function createKubeApi(deps: KubeApiDeps): KubeApi {
  const tracker = new ObjectTracker(ResourceVersions.open(deps.versionsFile), trackedResources(deps.api, toRfc3339(deps.startedAtMs)));
  let scheduled = false;
  const poll = setInterval(() => {
    if (tracker.watcherCount() > 0) tracker.syncAll();
  }, WATCH_POLL_MS);
  poll.unref();
  const ctx = { tracker, now: deps.now, writes: deps.writes, log: deps.log };
  return {
    serve(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = matchKubeRoute(url.pathname);
      if (route === undefined) return false;
      if (req.method === 'GET') serveRoute(ctx, req, res, route, url.searchParams);
      else if (route.kind === 'notFound') sendStatus(res, NOT_FOUND);
      else serveWriteRoute(ctx, req, res, route, url.searchParams);
      return true;
    },
    changed() {
      // Without watchers nothing is diffed: a list or a new watch diffs what it reads first.
      if (scheduled || tracker.watcherCount() === 0) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        tracker.syncAll();
      });
    },
    close: () => clearInterval(poll),
  };
}

type Ctx = { tracker: ObjectTracker; now: () => number; writes?: ManifestWrites | undefined; log?: Logger | undefined };

/** POST to a namespaced collection, PUT/PATCH/DELETE of an object: to the manifest directory. */
function serveWriteRoute(ctx: Ctx, req: IncomingMessage, res: ServerResponse, route: KubeRoute, query: URLSearchParams): void {
  const writes = ctx.writes;
  const writable = (route.kind === 'collection' || route.kind === 'object') && route.namespace !== undefined && isWritable(route.resource);
  if (writes === undefined || !writable) return sendStatus(res, METHOD_NOT_ALLOWED);
  const target = { resource: route.resource, namespace: route.namespace!, ...(route.kind === 'object' ? { name: route.name } : {}) };
  serveWrite({ tracker: ctx.tracker, writes, now: ctx.now }, req, res, target, query).catch((err: unknown) => {
    if (!res.headersSent) sendStatus(res, { code: 500, reason: 'InternalError', message: `Internal error occurred: ${err instanceof Error ? err.message : String(err)}` });
    else res.destroy();
  });
}

function serveRoute(ctx: Ctx, req: IncomingMessage, res: ServerResponse, route: KubeRoute, query: URLSearchParams): void {
  const accept = req.headers.accept;
  const aggregated = wantsAggregatedDiscovery(accept);
  switch (route.kind) {
    case 'version':
      return sendJson(res, 200, makeVersionInfo());
    case 'openapiIndex':
    case 'openapiCoreV1':
      return serveOpenApi(ctx, req, res, route.kind);
    case 'apiVersions':
      return aggregated ? sendAggregated(res, true) : sendJson(res, 200, makeApiVersions(req.headers.host ?? ''));
    case 'apiGroupList':
      return aggregated ? sendAggregated(res, false) : sendJson(res, 200, makeApiGroupList());
    case 'apiGroup':
      return sendJson(res, 200, makeApiGroup(route.group));
    case 'resourceList':
      return sendJson(res, 200, makeApiResourceList(route.group));
    case 'notFound':
      return sendStatus(res, NOT_FOUND);
    case 'collection':
      return serveCollection(ctx, req, res, route.resource, route.namespace, query);
    case 'object':
      return serveObject(ctx, res, route.resource, route.namespace, route.name, wantsTable(accept));
  }
}

/**
 * The OpenAPI documents, loaded at kubectl's first request for them: the module, and the Pod
 * schema document it converts from zod and caches, only for a client that asks (issue 18 §4,
 * lazy-load what only client commands use).
 */
function serveOpenApi(ctx: Ctx, req: IncomingMessage, res: ServerResponse, which: 'openapiIndex' | 'openapiCoreV1'): void {
  import('./openapi.js')
    .then(({ coreV1Document, makeOpenApiIndex }) => {
      if (which === 'openapiIndex') return sendJson(res, 200, makeOpenApiIndex());
      const { doc } = coreV1Document();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(doc), 'Cache-Control': 'public, immutable' });
      res.end(doc);
    })
    .catch((err: unknown) => {
      ctx.log?.error({ err, method: req.method, url: req.url }, 'Failed to serve the OpenAPI documents');
      if (!res.headersSent) sendStatus(res, { code: 500, reason: 'InternalError', message: `Internal error occurred: ${err instanceof Error ? err.message : String(err)}` });
      else res.destroy();
    });
}

function sendAggregated(res: ServerResponse, legacy: boolean): void {
  const text = JSON.stringify(makeAggregatedDiscovery(legacy));
  res.writeHead(200, { 'Content-Type': AGGREGATED_DISCOVERY_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function serveCollection(ctx: Ctx, req: IncomingMessage, res: ServerResponse, resource: KubeResource, namespace: string | undefined, params: URLSearchParams): void {
  const query = parseListQuery(resource, params, req.headers.accept, namespace);
  if ('code' in query) return sendStatus(res, query);
  if (query.watch) return serveWatch(ctx, req, res, resource, query);
  const all = ctx.tracker.list(resource.tracked).filter((o) => matchesQuery(resource, query, o)).map((o) => resource.view(o));
  const page = pageOf(all, params, ctx.tracker.currentVersion());
  if ('code' in page) return sendStatus(res, page);
  const { items } = page;
  const resourceVersion = String(ctx.tracker.currentVersion());
  const more = page.continue !== undefined ? { continue: page.continue, remainingItemCount: page.remainingItemCount } : {};
  if (query.table !== undefined) {
    const table = makeTable(resource.table, items, { nowMs: ctx.now(), resourceVersion, include: query.table });
    return sendJson(res, 200, { ...table, metadata: { ...table.metadata, ...more } });
  }
  sendJson(res, 200, { kind: `${resource.kind}List`, apiVersion: apiVersionOf(resource), metadata: { resourceVersion, ...more }, items });
}

function serveObject(ctx: Ctx, res: ServerResponse, resource: KubeResource, namespace: string | undefined, name: string, table: boolean): void {
  const matches = ctx.tracker.list(resource.tracked).filter((o) => o.metadata.name === name && o.metadata.namespace === namespace);
  // A pod replaced under its name while the old one terminates: the replacement is the one shown.
  const object = matches.find((o) => !(o.metadata as { deletionTimestamp?: string }).deletionTimestamp) ?? matches[0];
  if (object === undefined) {
    const plural = resource.group === '' ? resource.name : `${resource.name}.${resource.group}`;
    return sendStatus(res, { code: 404, reason: 'NotFound', message: `${plural} "${name}" not found` });
  }
  const view: KubeObject = resource.view(object);
  if (table) return sendJson(res, 200, makeTable(resource.table, [view], { nowMs: ctx.now(), resourceVersion: view.metadata.resourceVersion ?? '', include: 'Metadata' }));
  sendJson(res, 200, view);
}

function apiVersionOf(resource: KubeResource): string {
  return resource.group === '' ? 'v1' : `${resource.group}/v1`;
}
