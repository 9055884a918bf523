import { computePodRow } from '../status/pod-row.js';
import { toApiPod } from '../server/agent-state.js';
import type { EventRecorder } from '../status/event-recorder.js';
import type { PodRecord, StatusStore } from '../status/status-store.js';
import type { ContainerLogFollower } from './container-log-follower.js';
import { containerLabel } from './log-prefix.js';
import type { PlayOutput } from './play-output.js';
import { type PodView, newEventLines, podLabel, statusChanges } from './status-lines.js';

export interface StatusWatcherDeps {
  store: StatusStore;
  events: EventRecorder;
  nodeName: string;
  output: PlayOutput;
  logs: ContainerLogFollower;
  now: () => number;
}

/** The pod as play shows it: kubectl's STATUS and READY, and its container statuses. */
export function toPodView(record: PodRecord, nodeName: string, nowMs: number): PodView {
  const row = computePodRow(toApiPod(record, nodeName), nowMs);
  const { status, pod } = record;
  return {
    namespace: pod.metadata.namespace, name: pod.metadata.name, phase: status.phase, status: row.status, ready: row.ready,
    initContainers: status.initContainerStatuses, containers: status.containerStatuses,
  };
}

/**
 * Looks at the agent's status store (the same one `get pods` reads) and prints what changed since
 * the last look: status lines, new warning events; and starts following each new container instance.
 */
export class StatusWatcher {
  private readonly views = new Map<string, PodView>();
  private readonly seenEvents = new Map<string, Set<string>>();

  constructor(private readonly deps: StatusWatcherDeps) {}

  /** One look; returns the views of the pods in `uids` that have a status. */
  look(uids: ReadonlySet<string>): PodView[] {
    const { store, events, nodeName, output, logs } = this.deps;
    const current: PodView[] = [];
    for (const record of store.list()) {
      const uid = record.pod.metadata.uid;
      const view = toPodView(record, nodeName, this.deps.now());
      for (const line of statusChanges(this.views.get(uid), view)) output.status(line);
      let seen = this.seenEvents.get(uid);
      if (!seen) this.seenEvents.set(uid, (seen = new Set()));
      for (const line of newEventLines(view.namespace, view.name, events.list(uid), seen)) output.status(line);
      this.views.set(uid, view);
      const { namespace, name } = record.pod.metadata;
      for (const c of record.containers) if (c.kind !== 'sandbox') logs.follow(c.id, containerLabel(namespace, name, c.containerName));
      if (uids.has(uid)) current.push(view);
    }
    for (const [uid, view] of this.views) {
      if (store.get(uid)) continue;
      this.views.delete(uid);
      this.seenEvents.delete(uid);
      output.status(`${podLabel(view.namespace, view.name)}: removed`);
    }
    return current;
  }
}
