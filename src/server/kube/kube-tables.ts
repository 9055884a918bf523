/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`): the columns and
 * cells of k8s `pkg/printers/internalversion/printers.go` for the resources served here. As the
 * API server does, every column is sent (wide ones with priority 1) and kubectl picks. Pure.
 */
import type { ApiConfigObject } from '../../api/api-config-object.js';
import type { ApiNode } from '../../node/api-node.js';
import { nodeReadiness, nodeRoles } from '../../node/node-roles.js';
import { timestampSince } from '../../shared/human-duration.js';
import { type ApiEndpoints, type ApiService } from '../../services/api-service.js';
import { formatEndpoints, formatSelector, servicePorts } from '../../services/service-columns.js';
import { computePodRow, type PrintablePod } from '../../status/pod-row.js';
import type { CoreEvent } from './kube-events.js';
import type { KubeObject } from './kube-object.js';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer';
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number;

/** How one resource prints: its columns, and the cells of one object. */
export interface TablePrinter {
  columns: TableColumn[];
  cells(object: KubeObject, nowMs: number): Cell[];
}

function col(name: string, description: string, options: { priority?: number; type?: 'integer'; format?: string } = {}): TableColumn {
  return { name, type: options.type ?? 'string', format: options.format ?? '', description, priority: options.priority ?? 0 };
}

const NAME = col('Name', 'Name must be unique within a namespace.', { format: 'name' });
const AGE = col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

function age(object: KubeObject, nowMs: number): string {
  return timestampSince(object.metadata.creationTimestamp ?? '', nowMs);
}

export const POD_TABLE: TablePrinter = {
  columns: [
    NAME,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'podIP address allocated to the pod.', { priority: 1 }),
    col('Node', 'NodeName is the name of the node the pod runs on.', { priority: 1 }),
    col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  cells(object, nowMs) {
    const row = computePodRow(object as unknown as PrintablePod, nowMs);
    return [row.name, row.ready, row.status, row.restarts, row.age, row.ip, row.node, row.nominatedNode, row.readinessGates];
  },
};

export const NODE_TABLE: TablePrinter = {
  columns: [
    NAME,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE,
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of internal IPs of the node.', { priority: 1 }),
    col('External-IP', 'List of external IPs of the node.', { priority: 1 }),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    col('Kernel-Version', 'Kernel Version reported by the node from `uname -r`.', { priority: 1 }),
    col('Container-Runtime', 'Container runtime version reported by the node.', { priority: 1 }),
  ],
  cells(object, nowMs) {
    const node = object as unknown as ApiNode;
    const address = (type: string) => node.status.addresses.find((a) => a.type === type)?.address ?? '<none>';
    const info = node.status.nodeInfo;
    return [node.metadata.name, nodeReadiness(node), nodeRoles(node), age(object, nowMs), info.kubeletVersion,
      address('InternalIP'), address('ExternalIP'), info.osImage, info.kernelVersion, info.containerRuntimeVersion];
  },
};

/** printEvent: LAST SEEN is `<last> (x<count> over <first>)` for a repeated event. */
export const EVENT_TABLE: TablePrinter = {
  columns: [
    col('Last Seen', 'Time when last occurred'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'This should be a short, machine understandable string that gives the reason for this event being generated.'),
    col('Object', 'The object that this event is about.'),
    col('Subobject', 'The subobject (fieldPath) that this event is about.', { priority: 1 }),
    col('Source', 'The component reporting this event.', { priority: 1 }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'The time at which the event was first recorded.', { priority: 1 }),
    col('Count', 'The number of times this event has occurred.', { priority: 1, type: 'integer' }),
    col('Name', 'Name must be unique within a namespace.', { priority: 1, format: 'name' }),
  ],
  cells(object, nowMs) {
    const e = coreEventOf(object);
    const since = (t: string) => timestampSince(t, nowMs);
    const interval = e.count > 1 ? `${since(e.lastTimestamp)} (x${e.count} over ${since(e.firstTimestamp)})` : since(e.firstTimestamp);
    const target = `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`;
    return [interval, e.type, e.reason, target, e.involvedObject.fieldPath ?? '', e.source.component, e.message.trim(), since(e.firstTimestamp), e.count, e.metadata.name];
  },
};

/** An events.k8s.io/v1 event prints as its core/v1 twin. */
function coreEventOf(object: KubeObject): CoreEvent {
  if (object.apiVersion === 'v1') return object as CoreEvent;
  const e = object as unknown as { regarding: CoreEvent['involvedObject']; note: string; deprecatedSource: CoreEvent['source']; deprecatedFirstTimestamp: string; deprecatedLastTimestamp: string; deprecatedCount: number; type: CoreEvent['type']; reason: string; metadata: CoreEvent['metadata'] };
  return {
    ...(object as CoreEvent), involvedObject: e.regarding, message: e.note, source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp, lastTimestamp: e.deprecatedLastTimestamp, count: e.deprecatedCount,
  };
}

export const NAMESPACE_TABLE: TablePrinter = {
  columns: [NAME, col('Status', 'The status of the namespace'), AGE],
  cells: (object, nowMs) => [object.metadata.name, (object as unknown as { status: { phase: string } }).status.phase, age(object, nowMs)],
};

function dataCount(object: KubeObject): number {
  const o = object as unknown as ApiConfigObject;
  return Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length;
}

export const CONFIGMAP_TABLE: TablePrinter = {
  columns: [NAME, col('Data', 'Number of data entries.', { type: 'integer' }), AGE],
  cells: (object, nowMs) => [object.metadata.name, dataCount(object), age(object, nowMs)],
};

export const SECRET_TABLE: TablePrinter = {
  columns: [NAME, col('Type', 'The type of the secret'), col('Data', 'Number of data entries.', { type: 'integer' }), AGE],
  cells: (object, nowMs) => [object.metadata.name, (object as unknown as ApiConfigObject).type ?? 'Opaque', dataCount(object), age(object, nowMs)],
};

export const SERVICE_TABLE: TablePrinter = {
  columns: [
    NAME,
    col('Type', 'The type of the service.'),
    col('Cluster-IP', 'The cluster IP of the service.'),
    col('External-IP', 'The external IP of the service.'),
    col('Port(s)', 'The ports of the service.'),
    AGE,
    col('Selector', 'The label selector of the service.', { priority: 1 }),
  ],
  cells(object, nowMs) {
    const service = object as unknown as ApiService;
    return [service.metadata.name, service.spec.type, service.spec.clusterIPs[0] ?? '<none>', '<none>', servicePorts(service), age(object, nowMs), formatSelector(service.spec.selector)];
  },
};

export const ENDPOINTS_TABLE: TablePrinter = {
  columns: [NAME, col('Endpoints', 'Endpoints of the service.'), AGE],
  cells: (object, nowMs) => [object.metadata.name, formatEndpoints(object as unknown as ApiEndpoints), age(object, nowMs)],
};

/** Rows carry the object as `includeObject` asks: the whole object, its metadata (default), or none. */
export type IncludeObject = 'Object' | 'Metadata' | 'None';

export function makeTable(printer: TablePrinter, objects: KubeObject[], options: { nowMs: number; resourceVersion: string; include: IncludeObject }) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: options.resourceVersion },
    columnDefinitions: printer.columns,
    rows: objects.map((object) => ({ cells: printer.cells(object, options.nowMs), object: rowObject(object, options.include) })),
  };
}

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'Object') return object;
  if (include === 'None') return undefined;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

