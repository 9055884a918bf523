/** An AgentApi held in memory, and a builder for the ApiPods it serves, for server and CLI tests. */
import type { PodEvent } from '../../src/api/pod-status-types.js';
import { defaultedContainer, defaultedPodSpec } from '../../src/api/testing/pod-fixtures.js';
import { type ApiNode, toApiNode } from '../../src/node/api-node.js';
import { makeNodeInfo } from '../../src/node/node-info.js';
import type { AgentApi, ApiFailure, ContainerTarget } from '../../src/server/agent-api.js';
import type { ApiConfigObject, ConfigResource } from '../../src/api/api-config-object.js';
import type { ApiEndpoints, ApiService, ServiceResource } from '../../src/services/api-service.js';
import type { ApiPod } from '../../src/api/api-pod.js';
import type { ManifestProblem } from '../../src/manifests/manifest-problem.js';

export function makeApiPod(
  name: string,
  options: { namespace?: string; containers?: string[]; initContainers?: string[]; annotations?: Record<string, string> } = {},
): ApiPod {
  const namespace = options.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      labels: {},
      annotations: options.annotations ?? {},
      creationTimestamp: '2024-05-01T10:00:00Z',
    },
    spec: defaultedPodSpec({
      initContainers: (options.initContainers ?? []).map((c) => defaultedContainer(c)),
      containers: (options.containers ?? ['main']).map((c) => defaultedContainer(c)),
    }),
    status: { phase: 'Running', conditions: [], initContainerStatuses: [], containerStatuses: [] },
  };
}

/**
 * Pods, events and problems set by the test; `targets` maps `ns/pod/container` to the container a
 * logs/exec request lands on (the first app container when the request names none).
 */
export class InMemoryAgentApi implements AgentApi {
  nodeName = 'node-1';
  pods: ApiPod[] = [];
  events = new Map<string, PodEvent[]>();
  problems: ManifestProblem[] = [];
  targets = new Map<string, ContainerTarget>();
  resolveCalls: { namespace: string; podName: string; container: string | undefined; previous: boolean }[] = [];

  node: ApiNode = toApiNode({
    node: makeNodeInfo({ name: 'node-1', extraLabels: {}, os: 'linux', arch: 'amd64', cpus: 2, memoryBytes: 8 * 2 ** 30, maxPods: 110, reserved: { cpuMillis: 0, memoryBytes: 0 } }),
    hostIP: '10.0.0.5',
    startedAtMs: Date.UTC(2026, 0, 1),
    engineVersion: '20.10.24',
    agentVersion: 'minikubelet/v0.1.0',
    kernelVersion: '6.1.0',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    nowMs: Date.UTC(2026, 0, 2),
  });

  getNode(): ApiNode {
    return this.node;
  }

  listPods(): ApiPod[] {
    return this.pods;
  }

  getPod(namespace: string, name: string): ApiPod | undefined {
    return this.pods.find((p) => p.metadata.namespace === namespace && p.metadata.name === name);
  }

  podEvents(namespace: string, name: string): PodEvent[] {
    return this.events.get(`${namespace}/${name}`) ?? [];
  }

  configObjects: ApiConfigObject[] = [];

  listConfigObjects(resource: ConfigResource): ApiConfigObject[] {
    return this.configObjects.filter((o) => o.kind === (resource === 'configmaps' ? 'ConfigMap' : 'Secret'));
  }

  serviceObjects: Array<ApiService | ApiEndpoints> = [];

  listServiceObjects(resource: ServiceResource): Array<ApiService | ApiEndpoints> {
    return this.serviceObjects.filter((o) => o.kind === (resource === 'services' ? 'Service' : 'Endpoints'));
  }

  manifestProblems(): ManifestProblem[] {
    return this.problems;
  }

  resolveContainer(namespace: string, podName: string, container: string | undefined, previous: boolean): ContainerTarget | ApiFailure {
    this.resolveCalls.push({ namespace, podName, container, previous });
    const pod = this.getPod(namespace, podName);
    if (!pod) return { code: 404, reason: 'NotFound', message: `pods "${podName}" not found` };
    const name = container ?? pod.spec.containers[0]?.name ?? '';
    const target = this.targets.get(`${namespace}/${podName}/${name}`);
    if (!target) return { code: 400, reason: 'BadRequest', message: `container ${name} is not valid for pod ${podName}` };
    return target;
  }
}
