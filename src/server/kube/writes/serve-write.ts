/**
 * Writes through the Kubernetes API go to the manifest directory (issue 15 §4): POST (create), PUT
 * (replace), PATCH (strategic merge, JSON merge, JSON patch) and DELETE of pods, ConfigMaps,
 * Secrets and Services. Each write is the file it makes, validated as a file drop before it is
 * written (`prepare-write.ts`), written atomically, then read back by the ManifestSource; the
 * answer is the object as the API then shows it. The directory stays the one source of truth:
 * an object is found where a file defines it, whoever wrote the file.
 */
import { access } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { apiManifestFileName } from '../../../manifests/api-manifest-name.js';
import { removeDocument } from '../../../manifests/edit-document.js';
import { locateDocuments, ManifestWriteError, removeManifestFile, writeManifestFile, type LocatedDocument } from '../../../manifests/manifest-writer.js';
import { type Failure, sendJson, sendStatus } from '../../status-object.js';
import type { KubeObject } from '../kube-object.js';
import type { KubeResource } from '../kube-resources.js';
import type { ObjectTracker } from '../object-tracker.js';
import { applyPatch } from './apply-patch.js';
import { WRITABLE_RESOURCES, type ManifestWrites } from './manifest-writes.js';
import { type FieldValidation, prepareWrite, type PreparedWrite } from './prepare-write.js';
import { decodeBody, isFailureValue, mediaType, readBody } from './read-body.js';
import { preconditionsOf, withoutServerFields } from './server-fields.js';
import { withoutRestoredDefaults } from './restored-defaults.js';
import { alreadyExists, badRequest, conflict, invalid, notFound } from './write-failures.js';
import { findTracked, writtenObject } from './written-object.js';
import { deleteOptionsOf, deletedAnswer } from './delete-options.js';

export interface WriteCtx {
  tracker: ObjectTracker;
  writes: ManifestWrites;
  now: () => number;
}

export interface WriteTarget {
  resource: KubeResource;
  namespace: string;
  /** Absent for a create (POST to the collection). */
  name?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const METHOD_NOT_ALLOWED: Failure = { code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' };

export function isWritable(resource: KubeResource): boolean {
  return resource.group === '' && WRITABLE_RESOURCES.includes(resource.name);
}

/** The writes under way per directory: one at a time, so two edits of one file never race. */
const queues = new WeakMap<ManifestWrites, Promise<unknown>>();

function serialized<T>(writes: ManifestWrites, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(writes) ?? Promise.resolve()).then(fn, fn);
  queues.set(writes, run.catch(() => undefined));
  return run;
}

export async function serveWrite(ctx: WriteCtx, req: IncomingMessage, res: ServerResponse, target: WriteTarget, query: URLSearchParams): Promise<void> {
  // The body first: a slow client holds no other write up.
  const body = await readBody(req);
  if (!Buffer.isBuffer(body)) return sendStatus(res, body);
  const request = { method: req.method ?? '', type: mediaType(req), body };
  const answer = await serialized(ctx.writes, () => write(ctx, request, target, query)).catch((err: unknown) => {
    if (!(err instanceof ManifestWriteError)) throw err;
    const failure: Failure = err.forbidden ? { code: 403, reason: 'Forbidden', message: err.message } : { code: 500, reason: 'InternalError', message: err.message };
    return failure;
  });
  if ('code' in answer && 'reason' in answer) return sendStatus(res, answer);
  for (const warning of answer.warnings) res.appendHeader('Warning', `299 - ${JSON.stringify(warning)}`);
  sendJson(res, answer.status, answer.body);
}

type Answer = { status: number; body: unknown; warnings: string[] } | Failure;

/** The request as the verbs read it: method, body media type, body. */
interface WriteRequest {
  method: string;
  type: string;
  body: Buffer;
}

async function write(ctx: WriteCtx, req: WriteRequest, target: WriteTarget, query: URLSearchParams): Promise<Answer> {
  const { name } = target;
  // The namespace becomes part of a file name: a DNS label, nothing that could leave the directory.
  if (!DNS_LABEL.test(target.namespace) || target.namespace.length > 63) {
    return badRequest(`namespace ${JSON.stringify(target.namespace)} is not a valid namespace name: a lowercase RFC 1123 label (a-z, 0-9, '-', at most 63 characters)`);
  }
  if (req.method === 'POST' && name === undefined) return create(ctx, req, target, query);
  if (name === undefined) return METHOD_NOT_ALLOWED;
  if (req.method === 'PUT') return update(ctx, req, { ...target, name }, query);
  if (req.method === 'PATCH') return patch(ctx, req, { ...target, name }, query);
  if (req.method === 'DELETE') return remove(ctx, req, { ...target, name }, query);
  return METHOD_NOT_ALLOWED;
}

function bodyObject(req: WriteRequest): Record<string, unknown> | Failure {
  const value = decodeBody(req.body, req.type);
  if (isFailureValue(value)) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return badRequest('the request body must be a JSON object');
  return value as Record<string, unknown>;
}

function fieldValidation(query: URLSearchParams): FieldValidation | Failure {
  // The API server's default when the request names none (kubectl apply/create/replace send Strict).
  const v = query.get('fieldValidation') ?? 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  return badRequest(`fieldValidation ${JSON.stringify(v)} is not supported: use Strict, Warn or Ignore`);
}

/** The request's object checked against the URL: kind, apiVersion, name and namespace. */
function checkIdentity(target: WriteTarget, object: Record<string, unknown>): Failure | undefined {
  const { kind, apiVersion } = object;
  if (kind !== undefined && kind !== target.resource.kind) return badRequest(`the object is a ${shown(kind)}, not a ${target.resource.kind}: send it to its own resource`);
  if (apiVersion !== undefined && apiVersion !== 'v1') return badRequest(`apiVersion ${JSON.stringify(apiVersion)} is not served for ${target.resource.name}: use v1`);
  const metadata = (object['metadata'] ?? {}) as Record<string, unknown>;
  if (metadata['namespace'] !== undefined && metadata['namespace'] !== '' && metadata['namespace'] !== target.namespace) {
    return badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (target.name !== undefined && metadata['name'] !== undefined && metadata['name'] !== target.name) {
    return badRequest(`the name of the object (${shown(metadata['name'])}) does not match the name on the URL (${target.name})`);
  }
  return undefined;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function create(ctx: WriteCtx, req: WriteRequest, target: WriteTarget, query: URLSearchParams): Promise<Answer> {
  const object = bodyObject(req);
  if (isFailureValue(object)) return object;
  const validation = fieldValidation(query);
  if (typeof validation !== 'string') return validation;
  const refused = checkIdentity(target, object);
  if (refused) return refused;
  const { resource, namespace } = target;
  const metadata = { ...(object['metadata'] ?? {}) as Record<string, unknown> };
  if (!metadata['name'] && typeof metadata['generateName'] === 'string') metadata['name'] = `${metadata['generateName']}${Math.random().toString(36).slice(2, 7)}`;
  const name = metadata['name'];
  if (typeof name !== 'string' || name === '') return invalid(resource.kind, '', [{ severity: 'error', path: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  delete metadata['generateName'];
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
    const message = `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
    return invalid(resource.kind, name, [{ severity: 'error', path: 'metadata.name', message }]);
  }
  const existing = await locateDocuments(ctx.writes.dir, resource.kind, namespace, name);
  if (existing.length > 0) return alreadyExists(resource.name, name, `defined in ${existing[0]!.file}`);
  if (findTracked(ctx.tracker, resource, namespace, name) !== undefined) return alreadyExists(resource.name, name);
  const file = path.join(ctx.writes.dir, apiManifestFileName(resource.kind, namespace, name));
  if (await access(file).then(() => true, () => false)) return alreadyExists(resource.name, name, `${file} already exists and does not define it: rename that file`);
  const value = withoutServerFields({ ...object, apiVersion: 'v1', kind: resource.kind, metadata: { ...metadata, name, namespace } }, ctx.writes.nodeName, undefined);
  const prepared = prepareWrite({ kind: resource.kind, name, nodeName: ctx.writes.nodeName, file, value, fieldValidation: validation });
  if ('code' in prepared) return prepared;
  return commit(ctx, target, name, prepared, query, 201);
}

/** The document the object is written in: the one the agent runs it from, else the first found. */
async function locate(ctx: WriteCtx, target: WriteTarget & { name: string }): Promise<{ doc: LocatedDocument | undefined; current: KubeObject | undefined }> {
  const current = findTracked(ctx.tracker, target.resource, target.namespace, target.name);
  const docs = await locateDocuments(ctx.writes.dir, target.resource.kind, target.namespace, target.name);
  const from = (current?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.['minikubelet.io/manifest-file'];
  return { doc: docs.find((d) => d.file === from) ?? docs[0], current };
}

function checkPreconditions(target: WriteTarget & { name: string }, current: KubeObject | undefined, wanted: { resourceVersion?: string; uid?: string }): Failure | undefined {
  if (wanted.uid !== undefined && current?.metadata.uid !== undefined && wanted.uid !== current.metadata.uid) {
    return conflict(target.resource.name, target.name, `Precondition failed: UID in precondition: ${wanted.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (wanted.resourceVersion !== undefined && wanted.resourceVersion !== current?.metadata.resourceVersion) return conflict(target.resource.name, target.name);
  return undefined;
}

async function update(ctx: WriteCtx, req: WriteRequest, target: WriteTarget & { name: string }, query: URLSearchParams): Promise<Answer> {
  const object = bodyObject(req);
  if (isFailureValue(object)) return object;
  return store(ctx, target, object, query);
}

async function patch(ctx: WriteCtx, req: WriteRequest, target: WriteTarget & { name: string }, query: URLSearchParams): Promise<Answer> {
  const type = req.type;
  const value = decodeBody(req.body, type);
  if (isFailureValue(value)) return value;
  const { doc } = await locate(ctx, target);
  if (doc === undefined) return notFound(target.resource.name, target.name);
  const patched = applyPatch(target.resource.kind, type, doc.value, value);
  if (isFailureValue(patched)) return patched;
  return store(ctx, target, patched, query);
}

/** PUT, or a PATCH applied: the whole object replaces the document. */
async function store(ctx: WriteCtx, target: WriteTarget & { name: string }, object: Record<string, unknown>, query: URLSearchParams): Promise<Answer> {
  const validation = fieldValidation(query);
  if (typeof validation !== 'string') return validation;
  const refused = checkIdentity(target, object);
  if (refused) return refused;
  const { doc, current } = await locate(ctx, target);
  if (doc === undefined) return notFound(target.resource.name, target.name);
  const stale = checkPreconditions(target, current, preconditionsOf(object));
  if (stale) return stale;
  const value = withoutRestoredDefaults(withoutServerFields({ ...object, apiVersion: 'v1', kind: target.resource.kind }, ctx.writes.nodeName, doc.value), doc.value);
  const prepared = prepareWrite({ kind: target.resource.kind, name: target.name, nodeName: ctx.writes.nodeName, file: doc.file, text: doc.text, document: doc.document, value, fieldValidation: validation });
  if ('code' in prepared) return prepared;
  return commit(ctx, target, target.name, prepared, query, 200);
}

async function commit(ctx: WriteCtx, target: WriteTarget, name: string, prepared: PreparedWrite, query: URLSearchParams, status: number): Promise<Answer> {
  const dryRun = query.getAll('dryRun').includes('All');
  if (!dryRun) {
    await writeManifestFile(prepared.parsed.file, prepared.text);
    await ctx.writes.rescan();
  }
  const body = await writtenObject(ctx.tracker, target.resource, target.namespace, name, prepared, ctx.now(), dryRun);
  return { status, body, warnings: prepared.warnings };
}

async function remove(ctx: WriteCtx, req: WriteRequest, target: WriteTarget & { name: string }, query: URLSearchParams): Promise<Answer> {
  const options = deleteOptionsOf(req.body, query);
  if (isFailureValue(options)) return options;
  const { doc, current } = await locate(ctx, target);
  if (doc === undefined) {
    // Already removed from the directory, still terminating: deleting it again is no error.
    if (current !== undefined && (current.metadata as { deletionTimestamp?: string }).deletionTimestamp) return { status: 200, body: current, warnings: [] };
    return notFound(target.resource.name, target.name);
  }
  const stale = checkPreconditions(target, current, options.preconditions);
  if (stale) return stale;
  if (!options.dryRun) {
    const rest = removeDocument(doc.text, doc.document);
    if (current?.metadata.uid !== undefined && options.gracePeriodSeconds !== undefined) ctx.writes.deletionGrace?.(current.metadata.uid, options.gracePeriodSeconds);
    if (rest === undefined) await removeManifestFile(doc.file);
    else await writeManifestFile(doc.file, rest);
    await ctx.writes.rescan(rest === undefined ? doc.file : undefined);
  }
  return { status: 200, body: deletedAnswer(target.resource, target.name, current, options, ctx.now()), warnings: [] };
}
