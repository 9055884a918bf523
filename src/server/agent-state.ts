import type { PodEvent } from '../api/pod-status-types.js';
import type { ApiNode } from '../node/api-node.js';
import { instancesByName } from '../runtime/container-instances.js';
import type { EventRecorder } from '../status/event-recorder.js';
import type { PodRecord, StatusStore } from '../status/status-store.js';
import type { AgentApi, ApiFailure, ContainerTarget } from './agent-api.js';
import type { ApiPod } from '../api/api-pod.js';
import type { Pod } from '../api/pod-types.js';
import type { ApiConfigObject, ConfigResource } from '../api/api-config-object.js';
import type { ApiEndpoints, ApiService, ServiceResource } from '../services/api-service.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';
import type { NodeUsage } from '../cgroups/cgroup-usage-reader.js';
import { toRfc3339 } from '../api/rfc3339.js';
import { compareStrings } from '../shared/compare-strings.js';

export interface AgentStateDeps {
  nodeName: string;
  /** The node as the API shows it, computed when asked. */
  node: () => ApiNode;
  store: StatusStore;
  events: EventRecorder;
  manifestProblems: () => ManifestProblem[];
  /** The directory's ConfigMaps and Secrets in their REST shape, by namespace then name. */
  configObjects: (resource: ConfigResource) => ApiConfigObject[];
  /** The Services or their Endpoints in their REST shape, by namespace then name. */
  serviceObjects: (resource: ServiceResource) => Array<ApiService | ApiEndpoints>;
  /**
   * The pod the directory asks for now, by UID: a pod whose labels or image were just written shows
   * them at once (as the API server's object does), while its status follows the sync.
   */
  desiredPod?: (uid: string) => Pod | undefined;
  /** The pods' cgroup usage, read when asked; absent without a cgroup layout. */
  nodeUsage?: () => Promise<NodeUsage>;
}

/** The agent's state as the local API reads it: status store, events and manifest problems. */
export function createAgentState(deps: AgentStateDeps): AgentApi {
  return {
    nodeName: deps.nodeName,
    getNode: deps.node,
    ...(deps.nodeUsage ? { nodeUsage: deps.nodeUsage } : {}),
    listPods: () =>
      deps.store
        .list()
        .map((r) => toApiPod(withDesired(r, deps.desiredPod), deps.nodeName))
        .sort((a, b) => compareStrings(a.metadata.namespace, b.metadata.namespace) || compareStrings(a.metadata.name, b.metadata.name)),
    getPod: (namespace, name) => {
      const record = deps.store.findByName(namespace, name);
      return record ? toApiPod(withDesired(record, deps.desiredPod), deps.nodeName) : undefined;
    },
    podEvents: (namespace, name): PodEvent[] => {
      const record = deps.store.findByName(namespace, name);
      return record ? deps.events.list(record.pod.metadata.uid) : [];
    },
    manifestProblems: deps.manifestProblems,
    listConfigObjects: deps.configObjects,
    listServiceObjects: deps.serviceObjects,
    resolveContainer: (namespace, podName, container, previous) => resolveContainer(deps.store.findByName(namespace, podName), podName, container, previous),
  };
}

/** The record with the desired pod's metadata and spec (its deletionTimestamp kept). */
function withDesired(record: PodRecord, desiredPod: AgentStateDeps['desiredPod']): PodRecord {
  const desired = desiredPod?.(record.pod.metadata.uid);
  if (desired === undefined || desired === record.pod) return record;
  const { deletionTimestamp } = record.pod.metadata;
  return { ...record, pod: { ...desired, metadata: { ...desired.metadata, ...(deletionTimestamp ? { deletionTimestamp } : {}) } } };
}

/** The record as a v1 Pod: the manifest's pod with the static-pod annotations, node name and status. */
export function toApiPod(record: PodRecord, nodeName: string): ApiPod {
  const { pod } = record;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...pod.metadata,
      annotations: {
        'kubernetes.io/config.source': 'file',
        // An API pod (node mode) says so.
        ...pod.metadata.annotations,
        'kubernetes.io/config.hash': pod.metadata.uid,
        'minikubelet.io/manifest-file': record.file,
      },
      creationTimestamp: toRfc3339(record.createdAtMs),
    },
    spec: { ...pod.spec, nodeName },
    status: record.status,
  };
}

function resolveContainer(
  record: PodRecord | undefined,
  podName: string,
  container: string | undefined,
  previous: boolean,
): ContainerTarget | ApiFailure {
  if (!record) return { code: 404, reason: 'NotFound', message: `pods "${podName}" not found` };
  const { spec } = record.pod;
  const name = container ?? spec.containers[0]!.name;
  const isInit = spec.initContainers.some((c) => c.name === name);
  if (!isInit && !spec.containers.some((c) => c.name === name)) {
    const all = [...spec.initContainers, ...spec.containers].map((c) => c.name).join(' ');
    return { code: 400, reason: 'BadRequest', message: `container ${name} is not valid for pod ${podName}: choose one of: [${all}]` };
  }
  const instances = instancesByName(record.containers, isInit ? 'init' : 'app').get(name) ?? [];
  const target = previous ? instances[1] : instances[0];
  if (!target) {
    const message = previous
      ? `previous terminated container "${name}" in pod "${podName}" not found`
      : `container "${name}" in pod "${podName}" is waiting to start: ContainerCreating`;
    return { code: 400, reason: 'BadRequest', message };
  }
  return { containerId: target.id, containerName: name, running: target.state === 'running' };
}
