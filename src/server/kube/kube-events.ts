/**
 * The recorder's pod events as API objects: core/v1 `Event` (what `kubectl describe` and
 * `kubectl get events` read) and events.k8s.io/v1 `Event` (the same event, newer field names).
 * Pure.
 */
import { createHash } from 'node:crypto';
import type { PodEvent } from '../../api/pod-status-types.js';
import type { ApiPod } from '../../api/api-pod.js';
import type { KubeObject } from './kube-object.js';

export interface CoreEvent extends KubeObject {
  metadata: { name: string; namespace: string; uid: string; creationTimestamp: string };
  involvedObject: { kind: 'Pod'; apiVersion: 'v1'; namespace: string; name: string; uid: string; fieldPath?: string };
  reason: string;
  message: string;
  source: { component: 'kubelet'; host: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: 'Normal' | 'Warning';
  eventTime: null;
  reportingComponent: 'kubelet';
  reportingInstance: string;
}

/** A stable name per event (the kubelet's is `<pod>.<hex>`), so a count going up is a MODIFIED. */
function eventName(pod: ApiPod, event: PodEvent): string {
  const hash = createHash('sha256')
    .update([pod.metadata.uid, event.type, event.reason, event.fieldPath ?? '', event.message, event.firstTimestamp].join('\0'))
    .digest('hex')
    .slice(0, 16);
  return `${pod.metadata.name}.${hash}`;
}

export function toCoreEvent(pod: ApiPod, event: PodEvent, nodeName: string): CoreEvent {
  const name = eventName(pod, event);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: pod.metadata.namespace, uid: createHash('sha256').update(name).digest('hex').slice(0, 32).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'), creationTimestamp: event.firstTimestamp },
    involvedObject: {
      kind: 'Pod', apiVersion: 'v1', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid,
      ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
    },
    reason: event.reason,
    message: event.message,
    source: { component: 'kubelet', host: nodeName },
    firstTimestamp: event.firstTimestamp,
    lastTimestamp: event.lastTimestamp,
    count: event.count,
    type: event.type,
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: nodeName,
  };
}

/** events.k8s.io/v1 (`k8s.io/api/events/v1`): regarding/note and the deprecated* fields. */
export function toEventsV1(event: CoreEvent): KubeObject & Record<string, unknown> {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: event.metadata,
    eventTime: null,
    reportingController: 'kubelet',
    reportingInstance: event.reportingInstance,
    reason: event.reason,
    regarding: event.involvedObject,
    note: event.message,
    type: event.type,
    deprecatedSource: event.source,
    deprecatedFirstTimestamp: event.firstTimestamp,
    deprecatedLastTimestamp: event.lastTimestamp,
    deprecatedCount: event.count,
  };
}

/** The fields a core/v1 event can be selected by (the API server's `event.ToSelectableFields`). */
export function coreEventFields(event: CoreEvent): Record<string, string> {
  const o = event.involvedObject;
  return {
    'metadata.name': event.metadata.name,
    'metadata.namespace': event.metadata.namespace,
    'involvedObject.kind': o.kind,
    'involvedObject.namespace': o.namespace,
    'involvedObject.name': o.name,
    'involvedObject.uid': o.uid,
    'involvedObject.apiVersion': o.apiVersion,
    'involvedObject.resourceVersion': '',
    'involvedObject.fieldPath': o.fieldPath ?? '',
    reason: event.reason,
    reportingComponent: event.reportingComponent,
    source: event.source.component,
    type: event.type,
  };
}
