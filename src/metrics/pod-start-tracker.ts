import type { PodEvent, PodStatus } from '../api/pod-status-types.js';
import { pullWindowMs } from './pull-window.js';

export interface PublishedPod {
  status: PodStatus;
  /** How many app containers the spec has. */
  containerCount: number;
  /** When the pod's first container was created (epoch ms); `nowMs` when it has none yet. */
  createdAtMs: number;
  events: readonly PodEvent[];
  nowMs: number;
}

/**
 * Pod start latency: from the agent seeing a pod's manifest to the first status with every app
 * container running, less the time spent pulling images. Pods the agent adopted already running
 * (their containers predate the manifest being seen, as after an agent restart) are not measured.
 */
export class PodStartTracker {
  private readonly seenAtMs = new Map<string, number>();

  seen(uid: string, nowMs: number): void {
    if (!this.seenAtMs.has(uid)) this.seenAtMs.set(uid, nowMs);
  }

  /** The start duration in seconds the first time this pod is all running; undefined otherwise. */
  published(uid: string, pod: PublishedPod): number | undefined {
    const seenAt = this.seenAtMs.get(uid);
    if (seenAt === undefined || !allRunning(pod.status, pod.containerCount)) return undefined;
    this.seenAtMs.delete(uid);
    if (pod.createdAtMs < seenAt) return undefined;
    return Math.max(0, pod.nowMs - seenAt - pullWindowMs(pod.events)) / 1000;
  }

  forget(uid: string): void {
    this.seenAtMs.delete(uid);
  }
}

function allRunning(status: PodStatus, containerCount: number): boolean {
  const running = status.containerStatuses.filter((c) => c.state.running !== undefined);
  return containerCount > 0 && running.length === containerCount;
}
