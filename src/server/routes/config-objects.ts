/** The ConfigMap, Secret, Service and Endpoints routes of the unix-socket API (the read-only port has none). */
import type { ServerResponse } from 'node:http';
import { type ConfigResource, configObjectNotFound } from '../../api/api-config-object.js';
import { type ServiceResource, serviceObjectNotFound } from '../../services/api-service.js';
import type { AgentApi } from '../agent-api.js';
import { sendJson, sendStatus } from '../status-object.js';

/** `GET /api/v1/configmaps`, `GET /api/v1/namespaces/{ns}/secrets`, …: a `ConfigMapList` or `SecretList`. */
export function serveListConfigObjects(api: AgentApi, res: ServerResponse, resource: ConfigResource, namespace: string | undefined): void {
  const items = api.listConfigObjects(resource).filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  sendJson(res, 200, { apiVersion: 'v1', kind: resource === 'configmaps' ? 'ConfigMapList' : 'SecretList', metadata: { resourceVersion: '' }, items });
}

export function serveGetConfigObject(api: AgentApi, res: ServerResponse, resource: ConfigResource, namespace: string, name: string): void {
  const object = api.listConfigObjects(resource).find((o) => o.metadata.namespace === namespace && o.metadata.name === name);
  if (object === undefined) return sendStatus(res, { code: 404, reason: 'NotFound', message: configObjectNotFound(resource, name) });
  sendJson(res, 200, object);
}

/** `GET /api/v1/services`, `GET /api/v1/namespaces/{ns}/endpoints`, …: a `ServiceList` or `EndpointsList`. */
export function serveListServiceObjects(api: AgentApi, res: ServerResponse, resource: ServiceResource, namespace: string | undefined): void {
  const items = api.listServiceObjects(resource).filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  sendJson(res, 200, { apiVersion: 'v1', kind: resource === 'services' ? 'ServiceList' : 'EndpointsList', metadata: { resourceVersion: '' }, items });
}

export function serveGetServiceObject(api: AgentApi, res: ServerResponse, resource: ServiceResource, namespace: string, name: string): void {
  const object = api.listServiceObjects(resource).find((o) => o.metadata.namespace === namespace && o.metadata.name === name);
  if (object === undefined) return sendStatus(res, { code: 404, reason: 'NotFound', message: serviceObjectNotFound(resource, name) });
  sendJson(res, 200, object);
}
