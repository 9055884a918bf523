import type { ContainerStatus, PodStatus } from '../api/pod-status-types.js';
import type { ApiPod } from '../api/api-pod.js';
import { isSidecar } from '../api/pod-types.js';
import { humanDuration, timestampSince } from '../shared/human-duration.js';

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

/**
 * The init loop of printPod: the first unfinished init container decides (undefined when all are
 * done); a started sidecar counts as done, and as ready when it is. Sidecar restarts are also
 * tallied apart: they are the only init restarts shown once the pod is initialized.
 */
function initReason(pod: PrintablePod, tally: RestartTally, sidecarTally: RestartTally, ready: { count: number }): string | undefined {
  const sidecars = new Set(pod.spec.initContainers.filter(isSidecar).map((c) => c.name));
  for (const [i, c] of pod.status.initContainerStatuses.entries()) {
    tally.add(c);
    if (sidecars.has(c.name)) sidecarTally.add(c);
    const { terminated, waiting } = c.state;
    if (terminated?.exitCode === 0) continue;
    if (sidecars.has(c.name) && c.started) {
      if (c.ready) ready.count++;
      continue;
    }
    if (terminated) return terminatedReason('Init:', terminated);
    if (waiting?.reason && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
    return `Init:${i}/${pod.spec.initContainers.length}`;
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
 * kubectl `printPod` (pkg/printers/internalversion/printers.go): STATUS from the phase, then the
 * first failing init container, else the container statuses walked from the last to the first
 * (they are sorted by name, so the alphabetically first container wins). Sidecars count in READY.
 */
export function computePodRow(pod: PrintablePod, nowMs: number): PodRow {
  const status = pod.status;
  let reason: string = status.reason || status.phase;
  if (status.conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const readySidecars = { count: 0 };
  let tally = new RestartTally();
  const sidecarTally = new RestartTally();

  const initializing = initReason(pod, tally, sidecarTally, readySidecars);
  let ready = readySidecars.count;
  if (initializing !== undefined) reason = initializing;
  if (initializing === undefined || isInitializedConditionTrue(status)) {
    // Regular init containers' restarts are dropped once the pod is initialized; sidecars' stay.
    tally = sidecarTally;
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
    ready: `${ready}/${pod.spec.containers.length + pod.spec.initContainers.filter(isSidecar).length}`,
    status: reason,
    restarts,
    age: timestampSince(pod.metadata.creationTimestamp, nowMs),
    ip: status.podIPs?.[0]?.ip || '<none>',
    node: pod.spec.nodeName || '<none>',
    nominatedNode: '<none>',
    readinessGates: '<none>',
  };
}
