import type { ContainerStatus, PodStatus } from '../../api/pod-status-types.js';
import type { ApiPod } from '../../api/api-pod.js';
import { humanDuration, timestampSince } from './human-duration.js';

/** An API pod as printers read it; `deletionTimestamp` is set by the server while a pod is being removed. */
export type PrintablePod = ApiPod & { metadata: { deletionTimestamp?: string } };

/** The cells of one `kubectl get pods` row. */
export interface PodRow {
  namespace: string;
  name: string;
  ready: string;
  status: string;
  restarts: string;
  age: string;
  ip: string;
  node: string;
  nominatedNode: string;
  readinessGates: string;
}

/** Tracks RESTARTS and the newest `lastState.terminated.finishedAt` as printPod does. */
class RestartTally {
  count = 0;
  lastMs = 0;
  add(status: ContainerStatus): void {
    this.count += status.restartCount;
    const finishedAt = status.lastState.terminated?.finishedAt;
    const ms = finishedAt ? Date.parse(finishedAt) : NaN;
    if (!Number.isNaN(ms) && ms > this.lastMs) this.lastMs = ms;
  }
}

function terminatedReason(prefix: string, t: NonNullable<ContainerStatus['state']['terminated']>): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`;
}

/** The init loop of printPod: the first unfinished init container decides; undefined when all are done. */
function initReason(statuses: readonly ContainerStatus[], specCount: number, tally: RestartTally): string | undefined {
  for (const [i, c] of statuses.entries()) {
    tally.add(c);
    const { terminated, waiting } = c.state;
    if (terminated?.exitCode === 0) continue;
    if (terminated) return terminatedReason('Init:', terminated);
    if (waiting?.reason && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
    return `Init:${i}/${specCount}`;
  }
  return undefined;
}

function isInitializedConditionTrue(status: PodStatus): boolean {
  return status.conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
}

function isReadyConditionTrue(status: PodStatus): boolean {
  return status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * kubectl `printPod` (pkg/printers/internalversion/printers.go), without sidecars: STATUS from
 * the phase, then the first failing init container, else the container statuses walked from the
 * last to the first (they are sorted by name, so the alphabetically first container wins).
 */
export function computePodRow(pod: PrintablePod, nowMs: number): PodRow {
  const status = pod.status;
  let reason: string = status.reason || status.phase;
  if (status.conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  let ready = 0;
  let tally = new RestartTally();

  const initializing = initReason(status.initContainerStatuses, pod.spec.initContainers.length, tally);
  if (initializing !== undefined) reason = initializing;
  if (initializing === undefined || isInitializedConditionTrue(status)) {
    // Regular init containers' restarts are dropped once the pod is initialized.
    tally = new RestartTally();
    let hasRunning = false;
    for (const c of [...status.containerStatuses].reverse()) {
      tally.add(c);
      const { waiting, terminated, running } = c.state;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason('', terminated);
      else if (c.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = isReadyConditionTrue(status) ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  let restarts = String(tally.count);
  if (tally.count !== 0 && tally.lastMs !== 0) restarts += ` (${humanDuration(nowMs - tally.lastMs)} ago)`;

  return {
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    ready: `${ready}/${pod.spec.containers.length}`,
    status: reason,
    restarts,
    age: timestampSince(pod.metadata.creationTimestamp, nowMs),
    ip: status.podIPs?.[0]?.ip || '<none>',
    node: pod.spec.nodeName || '<none>',
    nominatedNode: '<none>',
    readinessGates: '<none>',
  };
}
