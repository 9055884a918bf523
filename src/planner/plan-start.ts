import type { Container } from '../api/pod-types.js';
import { nextAttempt } from '../runtime/container-instances.js';
import { backOffKey, backOffUntil, formatGoDuration } from './crash-loop-backoff.js';
import type { ContainerToStart, ContainerWaiting, PodActions } from './pod-actions.js';
import type { PodActionsInput } from './pod-actions-input.js';

/**
 * Start one container, or hold it in crash-loop back-off. A container created but never started
 * (the agent stopped in between) is started as it is, so no twin is created.
 * `freshSandbox` means the container's old instances belong to an earlier sandbox.
 */
export function planStart(
  input: PodActionsInput,
  kind: 'init' | 'app',
  index: number,
  spec: Container,
  freshSandbox = false,
  afterKill = false,
): ContainerToStart | ContainerWaiting {
  const instances = (kind === 'init' ? input.observed.init : input.observed.app).get(spec.name) ?? [];
  const newest = instances[0];
  if (newest?.state === 'created' && newest.startedAt === undefined && !freshSandbox) {
    return { kind, index, name: spec.name, attempt: newest.attempt, existingId: newest.id };
  }
  const start: ContainerToStart = { kind, index, name: spec.name, attempt: nextAttempt(instances) };
  // Killed in this sync (a probe failed): back-off is judged by the newest instance that already
  // exited, as kubelet `doBackOff` looks for the first exited status; so repeated liveness kills
  // count toward CrashLoopBackOff while the first one restarts at once.
  const last = afterKill ? instances.find((c) => c.state === 'exited') : newest;
  if (last?.state !== 'exited') return start;
  const { pod } = input;
  const key = backOffKey(pod.metadata, spec.name, input.specHashes.get(spec.name) ?? '');
  const entry = input.backOff.get(key);
  // A container that failed to start has no finish time: its creation stands in for it.
  const finishedAt = last.finishedAt ?? last.startedAt ?? last.createdAt;
  const until = backOffUntil(entry, finishedAt, input.nowMs, input.backOffPolicy);
  if (until !== undefined && entry) {
    const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    return {
      name: spec.name,
      reason: 'CrashLoopBackOff',
      message: `back-off ${formatGoDuration(entry.delayMs)} restarting failed container=${spec.name} pod=${podRef}`,
      untilMs: until,
    };
  }
  return { ...start, backOffKey: key, backOffEventMs: finishedAt };
}

/** A container held in back-off: its waiting reason, and a sync when the back-off ends. */
export function addWaiting(plan: PodActions, waiting: ContainerWaiting): void {
  plan.waiting.push(waiting);
  plan.requeueAtMs = Math.min(plan.requeueAtMs ?? Infinity, waiting.untilMs);
}
