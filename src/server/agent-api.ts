import type { Pod } from '../api/pod-types.js';
import type { PodEvent, PodStatus } from '../api/pod-status-types.js';
import type { ApiNode } from '../node/api-node.js';

/** A Pod as the local API serves it: the manifest's pod, with status and server-set metadata. */
export interface ApiPod extends Omit<Pod, 'metadata'> {
  metadata: Pod['metadata'] & { creationTimestamp: string };
  status: PodStatus;
}

/** One problem with one manifest file (or one document in it). */
export interface ManifestProblem {
  severity: 'error' | 'warning';
  /** The file's path as the agent read it. */
  file: string;
  /** 0-based index of the YAML document in the file, when the problem belongs to one. */
  document?: number;
  /** The field path, `spec.containers[1].name`, when the problem belongs to one field. */
  path?: string;
  message: string;
}

/** Where a log or exec request lands. */
export interface ContainerTarget {
  containerId: string;
  containerName: string;
  running: boolean;
}

/** A Kubernetes `Status` failure for the API (`NotFound`, `BadRequest`, ...). */
export interface ApiFailure {
  code: number;
  reason: 'NotFound' | 'BadRequest' | 'Conflict' | 'InternalError' | 'ServiceUnavailable';
  message: string;
}

/**
 * What the local API server reads from the agent. The daemon implements it from the status store,
 * the event recorder and the manifest source; tests implement it in memory.
 */
export interface AgentApi {
  nodeName: string;
  /** The node this agent runs (`GET /api/v1/nodes/{name}`). */
  getNode(): ApiNode;
  listPods(): ApiPod[];
  getPod(namespace: string, name: string): ApiPod | undefined;
  podEvents(namespace: string, name: string): PodEvent[];
  manifestProblems(): ManifestProblem[];
  /**
   * The container a `logs`/`exec` request means: `container` defaults to the first app
   * container (kubectl's rule); `previous` asks for the last terminated instance.
   */
  resolveContainer(
    namespace: string,
    podName: string,
    container: string | undefined,
    previous: boolean,
  ): ContainerTarget | ApiFailure;
}
