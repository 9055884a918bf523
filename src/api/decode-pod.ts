import type * as z from 'zod';
import { closestName } from './did-you-mean.js';
import { fieldNote, notedKeys } from './field-notes.js';
import { fieldError, fieldWarning, formatPath, type FieldProblem, type PathSegment } from './field-path.js';
import { podManifestSchema, type PodManifest } from './pod-schema.js';
import { describeValue, issueToProblem } from './schema-issues.js';
import { objectKeys, objectPlaces, schemaAt } from './schema-walk.js';

/**
 * One decoded manifest document → a typed `PodManifest`, the JSON decoder's part of the work.
 * Unknown keys are reported (warning, or error for API references and unsupported volume types)
 * and dropped so that decoding goes on, instead of being silently ignored as the kubelet does.
 * Null values count as absent, as in Kubernetes' JSON decoding. The input is modified.
 */
export interface DecodedPod {
  /** Undefined when the document has errors that stop decoding. */
  manifest?: PodManifest;
  problems: FieldProblem[];
}

const SUPPORTED = 'the manifest directory holds v1 Pods, ConfigMaps, Secrets, Services and Endpoints, and discovery.k8s.io/v1 EndpointSlices';
const SCHEMA_PLACES = objectPlaces(podManifestSchema);

export function decodePod(document: unknown): DecodedPod {
  if (!isPlainObject(document))
    return { problems: [fieldError('', `a manifest document must be a mapping (a v1 Pod), got ${describeValue(document)}`)] };
  const typeMeta = typeMetaProblems(document);
  if (typeMeta.length > 0) return { problems: typeMeta };
  dropNulls(document);
  const problems: FieldProblem[] = [];
  // Each pass drops the unknown keys it found; a second pass sees the cleaned document.
  for (let pass = 0; pass < 4; pass++) {
    const result = podManifestSchema.safeParse(document, { reportInput: true });
    if (result.success) return { manifest: result.data, problems };
    const unknown = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
    if (unknown.length === 0 || pass === 3) {
      problems.push(...result.error.issues.filter((issue) => issue.code !== 'unrecognized_keys').map(issueToProblem));
      return { problems };
    }
    for (const issue of unknown) problems.push(...dropUnknownKeys(document, issue.path as PathSegment[], issue.keys));
  }
  return { problems };
}

/** Kinds a Pod example often comes with, and what to use on one node instead. */
const KIND_HINTS: Record<string, string> = {
  PersistentVolumeClaim: 'claims need an API server and a volume binder, which one node does not have: use a hostPath volume',
  PersistentVolume: 'persistent volumes need an API server and a volume binder, which one node does not have: use a hostPath volume',
};

function typeMetaProblems(document: Record<string, unknown>): FieldProblem[] {
  const { kind, apiVersion } = document;
  const absent = (v: unknown) => v === undefined || v === null;
  if (absent(kind) && absent(apiVersion))
    return [fieldError('', `not a Kubernetes manifest: it has neither apiVersion nor kind; ${SUPPORTED}`)];
  if (absent(kind)) return [fieldError('kind', `required: ${SUPPORTED} (kind: Pod)`)];
  if (kind !== 'Pod') {
    const shown = typeof kind === 'string' ? JSON.stringify(kind) : describeValue(kind);
    const why = typeof kind === 'string' && kind in KIND_HINTS ? `; ${KIND_HINTS[kind]}` : '';
    return [fieldError('kind', `kind ${shown} is not supported: ${SUPPORTED}${why}`)];
  }
  if (apiVersion === undefined || apiVersion === null) return [fieldError('apiVersion', 'required: a Pod is apiVersion v1')];
  if (apiVersion !== 'v1') {
    const shown = typeof apiVersion === 'string' ? JSON.stringify(apiVersion) : describeValue(apiVersion);
    return [fieldError('apiVersion', `apiVersion ${shown} is not supported: a Pod is apiVersion v1`)];
  }
  return [];
}

function dropUnknownKeys(document: Record<string, unknown>, parentPath: PathSegment[], keys: string[]): FieldProblem[] {
  const parent = valueAt(document, parentPath);
  const schema = schemaAt(podManifestSchema, parentPath);
  if (!isPlainObject(parent) || schema === undefined) return [];
  return keys.map((key) => {
    const path = formatPath([...parentPath, key]);
    const note = fieldNote(schema, key, parent[key]);
    delete parent[key];
    if (note) return { severity: note.severity, path, message: note.message };
    return fieldWarning(path, `unknown field, ignored${unknownFieldHint(key, schema, parentPath)}`);
  });
}

function unknownFieldHint(key: string, schema: z.ZodType, parentPath: PathSegment[]): string {
  const close = closestName(key, [...objectKeys(schema), ...notedKeys(schema)]);
  if (close !== undefined) return `; did you mean \`${close}\`?`;
  const here = parentPath.map((s, i) => (typeof s === 'number' ? '[]' : i === 0 ? s : `.${s}`)).join('');
  const elsewhere = SCHEMA_PLACES.find((p) => p.place !== here && p.keys.includes(key));
  if (elsewhere === undefined) return '';
  return `; \`${key}\` belongs in ${elsewhere.place === '' ? 'the top level' : elsewhere.place} (check the indentation)`;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Removes null-valued keys everywhere (a YAML `key:` with nothing after it means "not set"). */
function dropNulls(root: unknown): void {
  const stack: unknown[] = [root];
  for (let value = stack.pop(); value !== undefined; value = stack.pop()) {
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (isPlainObject(value)) {
      for (const [key, member] of Object.entries(value)) {
        if (member === null) delete value[key];
        else stack.push(member);
      }
    }
  }
}
