/** The read-only pod routes: lists, one pod, its events, the manifest problems. */
import type { ServerResponse } from 'node:http';
import type { AgentApi } from '../agent-api.js';
import { makePodEventList, makePodList, type ManifestProblemList } from '../api-shapes.js';
import { podNotFound, sendJson, sendStatus } from '../status-object.js';

/** `GET /api/v1/pods` (every namespace) and `GET /api/v1/namespaces/{ns}/pods`. */
export function serveListPods(api: AgentApi, res: ServerResponse, namespace: string | undefined): void {
  const pods = api.listPods().filter((pod) => namespace === undefined || pod.metadata.namespace === namespace);
  sendJson(res, 200, makePodList(pods));
}

export function serveGetPod(api: AgentApi, res: ServerResponse, namespace: string, name: string): void {
  const pod = api.getPod(namespace, name);
  if (pod === undefined) return sendStatus(res, podNotFound(name));
  sendJson(res, 200, pod);
}

export function servePodEvents(api: AgentApi, res: ServerResponse, namespace: string, name: string): void {
  if (api.getPod(namespace, name) === undefined) return sendStatus(res, podNotFound(name));
  sendJson(res, 200, makePodEventList(api.podEvents(namespace, name)));
}

export function serveManifestProblems(api: AgentApi, res: ServerResponse): void {
  const body: ManifestProblemList = { kind: 'ManifestProblemList', items: api.manifestProblems() };
  sendJson(res, 200, body);
}
