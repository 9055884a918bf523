import type { ContainerStateTerminated, ContainerStatus, PodEvent, PodPhase } from '../api/pod-status-types.js';
import { containerLabel } from './log-prefix.js';

/** What play shows of a pod: kubectl's STATUS and READY cells and the container statuses. */
export interface PodView {
  namespace: string;
  name: string;
  phase: PodPhase;
  /** kubectl's STATUS column: `Running`, `Init:0/2`, `CrashLoopBackOff`, `Completed`. */
  status: string;
  /** kubectl's READY column: `1/2`. */
  ready: string;
  initContainers: ContainerStatus[];
  containers: ContainerStatus[];
}

/** How play names the pod in its status lines. */
export function podLabel(namespace: string, name: string): string {
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/**
 * One line per change between two looks at a pod: the pod's STATUS/READY (`web: Running 2/2`) and
 * each container's start, exit, restart, back-off, waiting reason and readiness
 * (`web/app: restarted (exit 1), restart 2`). Nothing when nothing a developer cares about changed.
 */
export function statusChanges(prev: PodView | undefined, next: PodView): string[] {
  const lines: string[] = [];
  const podName = podLabel(next.namespace, next.name);
  if (!prev || prev.status !== next.status || prev.ready !== next.ready) lines.push(`${podName}: ${next.status} ${next.ready}`);
  for (const [list, prevList] of [[next.initContainers, prev?.initContainers], [next.containers, prev?.containers]] as const) {
    for (const c of list) {
      const before = prevList?.find((p) => p.name === c.name);
      lines.push(...containerChanges(containerLabel(next.namespace, next.name, c.name), before, c));
    }
  }
  return lines;
}

function containerChanges(label: string, prev: ContainerStatus | undefined, next: ContainerStatus): string[] {
  const restarted = prev !== undefined && next.restartCount > prev.restartCount;
  const last = next.lastState.terminated;
  const sameState = prev !== undefined && stateKey(prev) === stateKey(next);
  if (sameState && !restarted) {
    if (next.state.running && prev.ready !== next.ready) return [`${label}: ${next.ready ? 'ready' : 'not ready'}`];
    return [];
  }
  // A new instance since the last look, even one that has exited again already (a quick crash loop).
  const lines = restarted ? [`${label}: restarted (${exitText(last)}), restart ${next.restartCount}`] : [];
  const { running, terminated, waiting } = next.state;
  if (running) return restarted ? lines : [`${label}: started`];
  if (terminated) {
    const ok = terminated.exitCode === 0 && !terminated.reason?.match(/OOM/);
    return [...lines, ok ? `${label}: completed (exit 0)` : `${label}: exited (${exitText(terminated)})`];
  }
  const reason = waiting?.reason;
  if (!reason || reason === 'ContainerCreating' || reason === 'PodInitializing') return lines;
  if (reason === 'CrashLoopBackOff') {
    const delay = /back-off (\S+)/.exec(waiting.message ?? '')?.[1];
    return [...lines, `${label}: exited (${exitText(last)})${delay ? `, back-off ${delay}` : ', back-off'}`];
  }
  return [...lines, `${label}: ${reason}${waiting.message ? `: ${waiting.message}` : ''}`];
}

/** The state as a key: a new instance terminating is a change even when the previous one terminated too. */
function stateKey(c: ContainerStatus): string {
  const { running, terminated, waiting } = c.state;
  if (running) return `running:${c.containerID ?? ''}`;
  if (terminated) return `terminated:${terminated.containerID ?? ''}:${terminated.finishedAt ?? ''}`;
  return `waiting:${waiting?.reason ?? ''}`;
}

/** `exit 1`, `OOMKilled, exit 137`; `exit ?` when the exit is not known. */
export function exitText(t: ContainerStateTerminated | undefined): string {
  if (!t) return 'exit ?';
  const reason = t.reason && t.reason !== 'Error' && t.reason !== 'Completed' ? `${t.reason}, ` : '';
  return `${reason}exit ${t.exitCode}`;
}

/** Events the status lines already say in their own words (MissingClusterDNS: once, at start, as a root-only note). */
const SHOWN_AS_STATUS = new Set(['BackOff', 'Failed', 'Pulling', 'Pulled', 'Created', 'Started', 'Killing', 'Scheduled', 'SandboxChanged', 'MissingClusterDNS']);

/**
 * The pod's Warning events not yet shown (`seen` holds their keys and is updated): a probe failure
 * as `web/app: probe failed: Liveness probe failed: …`, others as `web: Reason: message`. An event
 * repeated (its count going up) is shown once.
 */
export function newEventLines(namespace: string, name: string, events: readonly PodEvent[], seen: Set<string>): string[] {
  const lines: string[] = [];
  for (const e of events) {
    if (e.type !== 'Warning' || SHOWN_AS_STATUS.has(e.reason)) continue;
    const key = `${e.reason}\n${e.message}\n${e.fieldPath ?? ''}\n${e.firstTimestamp}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const container = /\{(.+)\}$/.exec(e.fieldPath ?? '')?.[1];
    const label = container ? containerLabel(namespace, name, container) : podLabel(namespace, name);
    lines.push(e.reason === 'Unhealthy' ? `${label}: probe failed: ${e.message}` : `${label}: ${e.reason}: ${e.message}`);
  }
  return lines;
}
