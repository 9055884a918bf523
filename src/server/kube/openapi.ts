/**
 * OpenAPI v3 for kubectl: `/openapi/v3` (the index) and `/openapi/v3/api/v1` (the core group's
 * document). The Pod schema is the one the agent validates manifests with (`podManifestSchema`,
 * converted by zod), so `kubectl explain pod.spec.containers` shows exactly the fields minikubelet
 * runs. The write paths of every kind the directory holds (pods, ConfigMaps, Secrets, Services)
 * carry the `fieldValidation` parameter: kubectl then leaves validation of a write to the server
 * (client-go `queryParamVerifierV3`) instead of downloading OpenAPI v2, which this server does
 * not serve. Without v2, `kubectl apply` computes its strategic merge patches from its own
 * compiled-in types (kubectl `apply/patcher.go`): the exact upstream merge keys.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { podManifestSchema } from '../../api/pod-schema.js';

function gvk(kind: string): { group: string; version: string; kind: string } {
  return { group: '', version: 'v1', kind };
}

function ref(kind: string): object {
  return { $ref: `#/components/schemas/io.k8s.api.core.v1.${kind}` };
}

function podSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(podManifestSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema['$schema'];
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  properties['status'] = { type: 'object', description: 'The most recently observed status of the pod, as the agent computes it from the engine (read-only).' };
  return {
    ...schema,
    description: 'Pod is a collection of containers that can run on a host: the subset minikubelet runs from its manifest directory.',
    'x-kubernetes-group-version-kind': [gvk('Pod')],
  };
}

function operation(id: string, kind: string, parameters: object[]): object {
  return {
    operationId: id,
    // One object on an operation, a list on a schema: as the API server writes them.
    'x-kubernetes-group-version-kind': gvk(kind),
    parameters,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref(kind) } } } },
  };
}

/**
 * The other kinds the directory holds (written through the API too): their top-level fields, so
 * kubectl finds the kind and its write operations (and leaves field validation to the server,
 * which validates them as a file drop).
 */
const OBJECT_FIELDS: Record<string, Record<string, object>> = {
  ConfigMap: { data: { type: 'object', additionalProperties: { type: 'string' } }, binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } }, immutable: { type: 'boolean' } },
  Secret: { data: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } }, stringData: { type: 'object', additionalProperties: { type: 'string' } }, type: { type: 'string' }, immutable: { type: 'boolean' } },
  Service: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
};

function objectSchema(kind: string, fields: Record<string, object>): object {
  return {
    type: 'object',
    description: `${kind}, as minikubelet keeps it in its manifest directory.`,
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, ...fields },
    'x-kubernetes-group-version-kind': [gvk(kind)],
  };
}

/** The create, read, replace and patch operations of `plural`, as the API server lists them. */
function resourcePaths(plural: string, kind: string): Record<string, object> {
  const id = (verb: string) => `${verb}CoreV1Namespaced${kind}`;
  return {
    [`/api/v1/namespaces/{namespace}/${plural}`]: { post: operation(id('create'), kind, [FIELD_VALIDATION, DRY_RUN]) },
    [`/api/v1/namespaces/{namespace}/${plural}/{name}`]: {
      get: operation(id('read'), kind, []),
      put: operation(id('replace'), kind, [FIELD_VALIDATION, DRY_RUN]),
      patch: operation(id('patch'), kind, [FIELD_VALIDATION, DRY_RUN]),
      delete: operation(id('delete'), kind, [DRY_RUN]),
    },
  };
}

const FIELD_VALIDATION = { name: 'fieldValidation', in: 'query', description: 'How unknown or duplicate fields in a write are treated (Ignore, Warn, Strict).', schema: { type: 'string', uniqueItems: true } };
const DRY_RUN = { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } };

let cached: { doc: string; hash: string } | undefined;

/** The core/v1 document, made once. */
export function coreV1Document(): { doc: string; hash: string } {
  if (cached) return cached;
  const doc = JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'minikubelet', version: 'v1.32.0' },
    paths: {
      ...resourcePaths('pods', 'Pod'),
      ...resourcePaths('configmaps', 'ConfigMap'),
      ...resourcePaths('secrets', 'Secret'),
      ...resourcePaths('services', 'Service'),
    },
    components: {
      schemas: {
        'io.k8s.api.core.v1.Pod': podSchema(),
        ...Object.fromEntries(Object.entries(OBJECT_FIELDS).map(([kind, fields]) => [`io.k8s.api.core.v1.${kind}`, objectSchema(kind, fields)])),
      },
    },
  });
  cached = { doc, hash: createHash('sha512').update(doc).digest('hex').slice(0, 64).toUpperCase() };
  return cached;
}

/** `GET /openapi/v3`: where each group version's document is. */
export function makeOpenApiIndex(): object {
  return { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${coreV1Document().hash}` } } };
}
