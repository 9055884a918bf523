/**
 * OpenAPI v3 for kubectl: `/openapi/v3` (the index) and `/openapi/v3/api/v1` (the core group's
 * document). The Pod schema is the one the agent validates manifests with (`podManifestSchema`,
 * converted by zod), so `kubectl explain pod.spec.containers` shows exactly the fields minikubelet
 * runs. The pod paths carry the `fieldValidation` parameter: kubectl then leaves validation of a
 * write to the server (client-go `queryParamVerifierV3`) instead of downloading OpenAPI v2.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { podManifestSchema } from '../../api/pod-schema.js';

const POD_GVK = [{ group: '', version: 'v1', kind: 'Pod' }];
const POD_REF = { $ref: '#/components/schemas/io.k8s.api.core.v1.Pod' };

function podSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(podManifestSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema['$schema'];
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  properties['status'] = { type: 'object', description: 'The most recently observed status of the pod, as the agent computes it from the engine (read-only).' };
  return {
    ...schema,
    description: 'Pod is a collection of containers that can run on a host: the subset minikubelet runs from its manifest directory.',
    'x-kubernetes-group-version-kind': POD_GVK,
  };
}

function operation(id: string, parameters: object[]): object {
  return {
    operationId: id,
    // One object on an operation, a list on a schema: as the API server writes them.
    'x-kubernetes-group-version-kind': POD_GVK[0],
    parameters,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: POD_REF } } } },
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
      '/api/v1/namespaces/{namespace}/pods': { post: operation('createCoreV1NamespacedPod', [FIELD_VALIDATION, DRY_RUN]) },
      '/api/v1/namespaces/{namespace}/pods/{name}': {
        get: operation('readCoreV1NamespacedPod', []),
        put: operation('replaceCoreV1NamespacedPod', [FIELD_VALIDATION, DRY_RUN]),
        patch: operation('patchCoreV1NamespacedPod', [FIELD_VALIDATION, DRY_RUN]),
      },
    },
    components: { schemas: { 'io.k8s.api.core.v1.Pod': podSchema() } },
  });
  cached = { doc, hash: createHash('sha512').update(doc).digest('hex').slice(0, 64).toUpperCase() };
  return cached;
}

/** `GET /openapi/v3`: where each group version's document is. */
export function makeOpenApiIndex(): object {
  return { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${coreV1Document().hash}` } } };
}
