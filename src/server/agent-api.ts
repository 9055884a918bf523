import type { PodEvent } from '../api/pod-status-types.js';
import type { ApiNode } from '../node/api-node.js';
import type { ApiPod } from '../api/api-pod.js';
import type { ApiConfigObject, ConfigResource } from '../api/api-config-object.js';
import type { ApiEndpoints, ApiService, ServiceResource } from '../services/api-service.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';
import type { NodeUsage } from '../cgroups/cgroup-usage-reader.js';


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
  /** The pods' CPU and memory read from their cgroups now (`GET /minikubelet/v1/node-usage`); absent without a cgroup layout. */
  nodeUsage?(): Promise<NodeUsage>;
  /** The directory's ConfigMaps or Secrets (never on the read-only port: Secrets hold their values). */
  listConfigObjects(resource: ConfigResource): ApiConfigObject[];
  /** The Services, or their Endpoints, by namespace then name. */
  listServiceObjects(resource: ServiceResource): Array<ApiService | ApiEndpoints>;
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
