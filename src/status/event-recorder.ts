import type { PodEvent } from '../api/pod-status-types.js';
import { compareStrings } from '../shared/compare-strings.js';

export interface EventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  fieldPath?: string;
}

const MAX_EVENTS_PER_POD = 100;

/**
 * Pod events in memory, as `kubectl describe` shows them: an identical event (same type, reason,
 * message and object) increments its count instead of being added again, as the Kubernetes event
 * correlator does. At most 100 events per pod are kept, oldest dropped.
 */
export class EventRecorder {
  private readonly byPod = new Map<string, PodEvent[]>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number) {}

  /** Called after every recorded event (the API's watch hub diffs what changed). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  record(podUid: string, input: EventInput): void {
    const at = new Date(this.now()).toISOString();
    let events = this.byPod.get(podUid);
    if (!events) this.byPod.set(podUid, (events = []));
    const same = events.find(
      (e) => e.type === input.type && e.reason === input.reason && e.message === input.message && e.fieldPath === input.fieldPath,
    );
    if (same) {
      same.count++;
      same.lastTimestamp = at;
      this.changed();
      return;
    }
    const event: PodEvent = { ...input, firstTimestamp: at, lastTimestamp: at, count: 1 };
    if (!input.fieldPath) delete event.fieldPath;
    events.push(event);
    if (events.length > MAX_EVENTS_PER_POD) events.splice(0, events.length - MAX_EVENTS_PER_POD);
    this.changed();
  }

  list(podUid: string): PodEvent[] {
    return [...(this.byPod.get(podUid) ?? [])].sort((a, b) => compareStrings(a.lastTimestamp, b.lastTimestamp));
  }

  forget(podUid: string): void {
    this.byPod.delete(podUid);
  }
}

/** The object path the kubelet gives container events: `spec.containers{name}`. */
export function containerFieldPath(kind: 'init' | 'app', name: string): string {
  return kind === 'init' ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}
