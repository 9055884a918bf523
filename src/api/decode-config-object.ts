import * as z from 'zod';
import type { ConfigObject } from './config-object-types.js';
import { fieldError, fieldWarning, formatPath, type FieldProblem, type PathSegment } from './field-path.js';
import { bool, object, str, stringMap } from './schema-primitives.js';
import { describeValue, issueToProblem } from './schema-issues.js';
import { validateConfigObject } from './validate-config-object.js';

/**
 * One `kind: ConfigMap` or `kind: Secret` document → the object, as the API server would store it:
 * decoded (unknown fields reported and dropped), converted (a Secret's base64 `data` decoded,
 * `stringData` merged over it, `type` defaulted to `Opaque`), validated. Pure.
 */

const metadataSchema = object({
  name: str.optional(),
  namespace: str.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});
const SERVER_SET = ['uid', 'resourceVersion', 'creationTimestamp', 'selfLink', 'generation', 'managedFields', 'ownerReferences', 'finalizers'];

const configMapSchema = object({
  apiVersion: z.literal('v1'),
  kind: z.literal('ConfigMap'),
  metadata: metadataSchema.optional(),
  data: stringMap.optional(),
  binaryData: stringMap.optional(),
  immutable: bool.optional(),
});

const secretSchema = object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Secret'),
  metadata: metadataSchema.optional(),
  type: str.optional(),
  data: stringMap.optional(),
  stringData: stringMap.optional(),
  immutable: bool.optional(),
});

export interface DecodedConfigObject {
  object?: ConfigObject;
  problems: FieldProblem[];
}

export function isConfigObjectKind(kind: unknown): kind is 'ConfigMap' | 'Secret' {
  return kind === 'ConfigMap' || kind === 'Secret';
}

export function decodeConfigObject(document: Record<string, unknown>): DecodedConfigObject {
  if (document.apiVersion !== 'v1') {
    const shown = document.apiVersion === undefined ? 'required' : `apiVersion ${describeValue(document.apiVersion)} is not supported`;
    return { problems: [fieldError('apiVersion', `${shown}: a ${String(document.kind)} is apiVersion v1`)] };
  }
  const problems = dropUnknown(document);
  const schema = document.kind === 'Secret' ? secretSchema : configMapSchema;
  const result = schema.safeParse(document, { reportInput: true });
  if (!result.success) return { problems: [...problems, ...result.error.issues.map(issueToProblem)] };
  const parsed = result.data;
  const m = parsed.metadata ?? {};
  const metadata = { name: m.name ?? '', namespace: m.namespace ?? 'default', labels: { ...m.labels }, annotations: { ...m.annotations } };
  const immutable = parsed.immutable !== undefined ? { immutable: parsed.immutable } : {};
  let decoded: ConfigObject;
  if (parsed.kind === 'ConfigMap') {
    const binaryData = decodeBase64Map(parsed.binaryData ?? {}, 'binaryData', problems);
    decoded = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { ...parsed.data }, binaryData, ...immutable };
  } else {
    const data = decodeBase64Map(parsed.data ?? {}, 'data', problems);
    for (const [k, v] of Object.entries(parsed.stringData ?? {})) data[k] = Buffer.from(v, 'utf8');
    decoded = { apiVersion: 'v1', kind: 'Secret', metadata, type: parsed.type || 'Opaque', data, ...immutable };
  }
  problems.push(...validateConfigObject(decoded));
  return { object: decoded, problems };
}

/** Go's `base64.StdEncoding` as the JSON decoder uses it for `[]byte` (newlines are skipped). */
function decodeBase64Map(values: Record<string, string>, field: string, problems: FieldProblem[]): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [key, text] of Object.entries(values)) {
    const clean = text.replace(/[\r\n]/g, '');
    const bad = /[^A-Za-z0-9+/=]/.exec(clean)?.index ?? (clean.length % 4 !== 0 || /=[^=]/.test(clean) ? clean.length : undefined);
    // The value is never echoed: it may be a secret.
    if (bad !== undefined) problems.push(fieldError(formatPath([field, key]), `illegal base64 data at input byte ${bad}`));
    else out[key] = Buffer.from(clean, 'base64');
  }
  return out;
}

/** Unknown keys at the top level and in metadata: warned and dropped (server-set ones are expected in exported objects). */
function dropUnknown(document: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const allowed = document.kind === 'Secret' ? ['apiVersion', 'kind', 'metadata', 'type', 'data', 'stringData', 'immutable'] : ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'];
  const prune = (target: Record<string, unknown>, keys: string[], at: PathSegment[], quiet: string[]) => {
    for (const key of Object.keys(target)) {
      if (keys.includes(key)) continue;
      if (!quiet.includes(key)) problems.push(fieldWarning(formatPath([...at, key]), 'unknown field, ignored'));
      else problems.push(fieldWarning(formatPath([...at, key]), 'set by the API server; ignored in a manifest'));
      delete target[key];
    }
  };
  prune(document, allowed, [], []);
  const metadata = document.metadata;
  if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata))
    prune(metadata as Record<string, unknown>, ['name', 'namespace', 'labels', 'annotations'], ['metadata'], SERVER_SET);
  return problems;
}
