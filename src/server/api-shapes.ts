/** The list shapes the local API serves, shared by the server and the CLI's client. */
import type { PodEvent } from '../api/pod-status-types.js';
import type { ApiPod } from '../api/api-pod.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';

export interface PodList {
  kind: 'PodList';
  apiVersion: 'v1';
  metadata: { resourceVersion: string };
  items: ApiPod[];
}

/** Our extension (`.../pods/{name}/events`): the pod's events, shaped like a v1 EventList. */
export interface PodEventList {
  kind: 'EventList';
  apiVersion: 'v1';
  metadata: { resourceVersion: string };
  items: PodEvent[];
}

/** `GET /minikubelet/v1/manifest-problems` */
export interface ManifestProblemList {
  kind: 'ManifestProblemList';
  items: ManifestProblem[];
}

export function makePodList(items: ApiPod[]): PodList {
  return { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '' }, items };
}

export function makePodEventList(items: PodEvent[]): PodEventList {
  return { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: '' }, items };
}
