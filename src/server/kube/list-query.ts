/**
 * The query of a list or watch request (`labelSelector`, `fieldSelector`, `watch`,
 * `resourceVersion`, `allowWatchBookmarks`, `sendInitialEvents`, `timeoutSeconds`) and the Accept
 * header's Table request, checked once. Pure.
 */
import type { Failure } from '../status-object.js';
import { parseQueryBool } from '../routes/match-route.js';
import { matchesFields, parseFieldSelector, type FieldSelector } from './field-selector.js';
import type { KubeObject } from './kube-object.js';
import type { KubeResource } from './kube-resources.js';
import type { IncludeObject } from './kube-tables.js';
import { matchesLabels, parseLabelSelector, type LabelSelector } from './label-selector.js';

export interface ListQuery {
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
  watch: boolean;
  /** A watch's starting point; undefined: now (the current objects are sent as ADDED first). */
  resourceVersion?: number;
  bookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  /** Set when the client asked for a server-side Table. */
  table?: IncludeObject;
}

function bad(message: string): Failure {
  return { code: 400, reason: 'BadRequest', message };
}

/** kubectl sends `application/json;as=Table;v=v1;g=meta.k8s.io, application/json` and prints the Table. */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

export function parseListQuery(resource: KubeResource, query: URLSearchParams, accept: string | undefined, namespace: string | undefined): ListQuery | Failure {
  const labels = parseLabelSelector(query.get('labelSelector'));
  if (!labels.ok) return bad(labels.error);
  const fields = parseFieldSelector(query.get('fieldSelector'), resource.selectable);
  if (!fields.ok) return bad(`fieldSelector ${JSON.stringify(query.get('fieldSelector'))}: ${fields.error}`);
  const out: ListQuery = {
    labels: labels.value,
    fields: fields.value,
    watch: parseQueryBool(query.get('watch')),
    bookmarks: parseQueryBool(query.get('allowWatchBookmarks')),
    sendInitialEvents: parseQueryBool(query.get('sendInitialEvents')),
    ...(namespace !== undefined ? { namespace } : {}),
  };
  const rv = query.get('resourceVersion');
  if (rv !== null && rv !== '' && rv !== '0') {
    if (!/^\d{1,15}$/.test(rv)) return bad(`resourceVersion: Invalid value: ${JSON.stringify(rv)}: must be a resourceVersion this server returned (a number)`);
    out.resourceVersion = Number(rv);
  }
  const timeout = query.get('timeoutSeconds');
  if (timeout !== null) {
    if (!/^\d{1,9}$/.test(timeout)) return bad(`timeoutSeconds: Invalid value: ${JSON.stringify(timeout)}: must be a whole number of seconds`);
    out.timeoutSeconds = Number(timeout);
  }
  if (wantsTable(accept)) {
    const include = query.get('includeObject') ?? 'Metadata';
    if (include !== 'Object' && include !== 'Metadata' && include !== 'None') return bad(`includeObject: Unsupported value: ${JSON.stringify(include)}: supported values: "Object", "Metadata", "None"`);
    out.table = include;
  }
  return out;
}

export function matchesQuery(resource: KubeResource, query: ListQuery, object: KubeObject): boolean {
  if (query.namespace !== undefined && object.metadata.namespace !== query.namespace) return false;
  return matchesLabels(query.labels, object.metadata.labels) && matchesFields(query.fields, resource.fields(object));
}
