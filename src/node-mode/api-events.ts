import type { Logger } from 'pino';
import type { PodEvent } from '../api/pod-status-types.js';
import type { EventRecorder } from '../status/event-recorder.js';
import type { KubeClient } from './kube-client.js';
import { serialPass } from './serial-pass.js';

/** The object an event is about, as `involvedObject` names it. */
export interface InvolvedObject {
  kind: 'Pod' | 'Node';
  namespace: string;
  name: string;
  uid: string;
}

/** A core/v1 Event as the kubelet posts it (k8s `client-go/tools/record`): source kubelet on this host. */
export function makeApiEvent(event: PodEvent, object: InvolvedObject, nodeName: string, name: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: object.namespace },
    involvedObject: { apiVersion: 'v1', kind: object.kind, name: object.name, uid: object.uid, ...(object.kind === 'Pod' ? { namespace: object.namespace } : {}), ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}) },
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: { component: 'kubelet', host: nodeName },
    firstTimestamp: event.firstTimestamp,
    lastTimestamp: event.lastTimestamp,
    count: event.count,
  };
}

function eventKey(uid: string, e: PodEvent): string {
  return JSON.stringify([uid, e.type, e.reason, e.message, e.fieldPath ?? '']);
}

/**
 * The agent's events, sent to the API server as the kubelet's event broadcaster does: a new event is
 * POSTed to its object's namespace as `<object>.<hex nanoseconds>`; a repeat PATCHes its count. Pod
 * events follow the API's pods (for a static pod, its mirror); node events are recorded here.
 * Best effort: an event that cannot be sent is dropped after one try (the kubelet retries 12 times).
 */
export class ApiEvents {
  /** By the API object's UID: event key → its name in the API and the count sent. */
  private readonly sent = new Map<string, Map<string, { name: string; count: number }>>();
  private serial = 0;
  private readonly runner = serialPass(() => this.pass());
  private readonly nodeEvents: PodEvent[] = [];

  constructor(private readonly deps: {
    client: KubeClient;
    nodeName: string;
    events: EventRecorder;
    /** Local pod UID → the API object its events go to (API pods: themselves; static pods: their mirror). */
    objects: () => Map<string, InvolvedObject>;
    log: Logger;
    now: () => number;
  }) {}

  poke(): void {
    this.runner.poke();
  }

  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** A node event (`Starting`, `NodeReady`), in namespace default with the node's name as its UID (k8s `kubelet.go` nodeRef). */
  recordNode(type: PodEvent['type'], reason: string, message: string): void {
    const at = new Date(this.deps.now()).toISOString();
    this.nodeEvents.push({ type, reason, message, firstTimestamp: at, lastTimestamp: at, count: 1 });
    this.poke();
  }

  private async pass(): Promise<void> {
    const node: InvolvedObject = { kind: 'Node', namespace: 'default', name: this.deps.nodeName, uid: this.deps.nodeName };
    for (const e of this.nodeEvents.splice(0)) await this.send(this.deps.nodeName, e, node);
    const objects = this.deps.objects();
    for (const [uid, object] of objects) for (const e of this.deps.events.list(uid)) await this.send(object.uid, e, object);
    // Objects gone: their events are the API server's to expire.
    const live = new Set([this.deps.nodeName, ...[...objects.values()].map((o) => o.uid)]);
    for (const uid of this.sent.keys()) if (!live.has(uid)) this.sent.delete(uid);
  }

  private async send(uid: string, e: PodEvent, object: InvolvedObject): Promise<void> {
    const key = eventKey(uid, e);
    let forObject = this.sent.get(uid);
    if (!forObject) this.sent.set(uid, (forObject = new Map<string, { name: string; count: number }>()));
    const known = forObject.get(key);
    if (known && known.count >= e.count) return;
    const path = `/api/v1/namespaces/${object.namespace}/events`;
    try {
      if (known) {
        await this.deps.client.patch(`${path}/${known.name}`, { count: e.count, lastTimestamp: e.lastTimestamp });
        known.count = e.count;
        return;
      }
      const name = `${object.name}.${(BigInt(this.deps.now()) * 1_000_000n + BigInt(this.serial++ % 1_000_000)).toString(16)}`;
      forObject.set(key, { name, count: e.count });
      await this.deps.client.post(path, makeApiEvent(e, object, this.deps.nodeName, name));
    } catch (err) {
      this.deps.log.debug({ err, object: `${object.kind} ${object.namespace}/${object.name}`, reason: e.reason }, 'Failed to send an event; dropped');
    }
  }
}
