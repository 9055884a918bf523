/**
 * The resources this API serves, read-only: what discovery advertises, where the objects come
 * from, the fields each can be selected by (the API server's `ToSelectableFields` per type) and
 * how each prints as a Table.
 */
import { createHash } from 'node:crypto';
import type { ApiPod } from '../../api/api-pod.js';
import type { AgentApi } from '../agent-api.js';
import { coreEventFields, toCoreEvent, toEventsV1, type CoreEvent } from './kube-events.js';
import type { KubeObject } from './kube-object.js';
import type { TrackedResource } from './object-tracker.js';
import { CONFIGMAP_TABLE, ENDPOINTS_TABLE, EVENT_TABLE, NAMESPACE_TABLE, NODE_TABLE, POD_TABLE, SECRET_TABLE, SERVICE_TABLE, type TablePrinter } from './kube-tables.js';

export interface KubeResource {
  /** The plural, as in the URL: `pods`. */
  name: string;
  group: '' | 'events.k8s.io';
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: { name: string; kind: string; verbs: string[] }[];
  /** The tracker collection holding its objects (and versions). */
  tracked: string;
  /** The tracked object as this resource shows it (events.k8s.io/v1 reshapes core events). */
  view(object: KubeObject): KubeObject;
  fields(object: KubeObject): Record<string, string>;
  /** The field names `fields` gives: what a fieldSelector may name. */
  selectable: readonly string[];
  table: TablePrinter;
}

/** The verbs this server answers; writes are refused with 405 until they go to the manifest directory. */
export const READ_VERBS = ['get', 'list', 'watch'];

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

function meta(object: KubeObject): Record<string, string> {
  return { 'metadata.name': object.metadata.name, ...(object.metadata.namespace !== undefined ? { 'metadata.namespace': object.metadata.namespace } : {}) };
}

function podFields(object: KubeObject): Record<string, string> {
  const pod = object as unknown as ApiPod;
  return {
    ...meta(object),
    'spec.nodeName': pod.spec.nodeName ?? '',
    'spec.restartPolicy': pod.spec.restartPolicy,
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': pod.spec.serviceAccountName ?? '',
    'spec.hostNetwork': String(pod.spec.hostNetwork),
    'status.phase': pod.status.phase,
    'status.podIP': pod.status.podIP ?? '',
    'status.podIPs': pod.status.podIP ?? '',
    'status.nominatedNodeName': '',
  };
}

/** A stable uid for objects the agent does not give one (the node, namespaces). */
export function derivedUid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const identity = (o: KubeObject) => o;

const META = ['metadata.name', 'metadata.namespace'];
const POD_FIELDS = [...META, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'];
const EVENT_FIELDS = [...META, 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'];

export const KUBE_RESOURCES: KubeResource[] = [
  {
    name: 'pods', group: '', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], tracked: 'pods', view: identity, fields: podFields, selectable: POD_FIELDS, table: POD_TABLE,
    subresources: [
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    ],
  },
  { name: 'nodes', group: '', kind: 'Node', singular: 'node', namespaced: false, shortNames: ['no'], categories: [], tracked: 'nodes', view: identity, fields: (o) => ({ ...meta(o), 'spec.unschedulable': 'false' }), selectable: ['metadata.name', 'spec.unschedulable'], table: NODE_TABLE, subresources: [] },
  { name: 'namespaces', group: '', kind: 'Namespace', singular: 'namespace', namespaced: false, shortNames: ['ns'], categories: [], tracked: 'namespaces', view: identity, fields: (o) => ({ ...meta(o), 'status.phase': 'Active' }), selectable: ['metadata.name', 'status.phase'], table: NAMESPACE_TABLE, subresources: [] },
  { name: 'events', group: '', kind: 'Event', singular: 'event', namespaced: true, shortNames: ['ev'], categories: [], tracked: 'events', view: identity, fields: (o) => coreEventFields(o as CoreEvent), selectable: EVENT_FIELDS, table: EVENT_TABLE, subresources: [] },
  { name: 'configmaps', group: '', kind: 'ConfigMap', singular: 'configmap', namespaced: true, shortNames: ['cm'], categories: [], tracked: 'configmaps', view: identity, fields: meta, selectable: META, table: CONFIGMAP_TABLE, subresources: [] },
  { name: 'secrets', group: '', kind: 'Secret', singular: 'secret', namespaced: true, shortNames: [], categories: [], tracked: 'secrets', view: identity, fields: (o) => ({ ...meta(o), type: (o as unknown as { type?: string }).type ?? 'Opaque' }), selectable: [...META, 'type'], table: SECRET_TABLE, subresources: [] },
  { name: 'services', group: '', kind: 'Service', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], tracked: 'services', view: identity, fields: meta, selectable: META, table: SERVICE_TABLE, subresources: [] },
  { name: 'endpoints', group: '', kind: 'Endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'], categories: [], tracked: 'endpoints', view: identity, fields: meta, selectable: META, table: ENDPOINTS_TABLE, subresources: [] },
  {
    name: 'events', group: 'events.k8s.io', kind: 'Event', singular: 'event', namespaced: true, shortNames: ['ev'], categories: [], tracked: 'events',
    view: (o) => toEventsV1(o as CoreEvent), table: EVENT_TABLE, subresources: [],
    // The API server selects events.k8s.io events by their core/v1 field names too.
    fields: (o) => coreEventFields(o as CoreEvent),
    selectable: EVENT_FIELDS,
  },
];

export function findResource(group: string, name: string): KubeResource | undefined {
  return KUBE_RESOURCES.find((r) => r.group === group && r.name === name);
}

/** The tracker's collections, read from the agent. */
export function trackedResources(api: AgentApi, startedAt: string): TrackedResource[] {
  const pods = () => api.listPods() as unknown as (ApiPod & KubeObject)[];
  const events = (): CoreEvent[] =>
    pods().flatMap((pod) => api.podEvents(pod.metadata.namespace, pod.metadata.name).map((e) => toCoreEvent(pod, e, api.nodeName)));
  const configObjects = (resource: 'configmaps' | 'secrets') => api.listConfigObjects(resource) as unknown as KubeObject[];
  const namespaces = (): KubeObject[] => {
    const names = new Set([...SYSTEM_NAMESPACES, ...pods().map((p) => p.metadata.namespace), ...configObjects('configmaps').concat(configObjects('secrets')).map((o) => o.metadata.namespace ?? 'default')]);
    return [...names].sort().map((name) => ({
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, uid: derivedUid(`namespace/${api.nodeName}/${name}`), creationTimestamp: startedAt, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    }) as KubeObject);
  };
  return [
    { key: 'pods', list: pods },
    {
      key: 'nodes',
      list: () => {
        const node = api.getNode();
        return [{ ...node, metadata: { ...node.metadata, uid: derivedUid(`node/${node.metadata.name}`) } }];
      },
      // The heartbeat changes every second; a real kubelet posts it every few minutes. Not a change.
      fingerprint: (o) => JSON.stringify(o, (k, v: unknown) => (k === 'lastHeartbeatTime' ? undefined : v)),
    },
    { key: 'namespaces', list: namespaces },
    { key: 'events', list: events },
    { key: 'configmaps', list: () => configObjects('configmaps') },
    { key: 'secrets', list: () => configObjects('secrets') },
    { key: 'services', list: () => api.listServiceObjects('services') },
    { key: 'endpoints', list: () => api.listServiceObjects('endpoints') },
  ];
}

