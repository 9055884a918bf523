import { isSidecar } from '../api/pod-types.js';
import type { ObservedPod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';
import { findNextInitContainer } from './init-containers.js';
import type { PodActions } from './pod-actions.js';
import type { PodActionsInput } from './pod-actions-input.js';
import { addWaiting, planStart } from './plan-start.js';

/**
 * The init part of kubelet `computePodActions` in a running sandbox (`computeInitContainerActions`):
 * sidecars to kill and start again, then the next init container. Returns whether initialization
 * is done (the app containers are planned next); a failed init container under restartPolicy Never
 * kills the pod.
 */
export function planInitContainers(input: PodActionsInput, plan: PodActions, sandboxId: string): boolean {
  const { pod, observed } = input;
  const init = findNextInitContainer(pod, initInSandbox(observed, sandboxId), appRunning(observed), input);
  if (init.failed && pod.spec.restartPolicy === 'Never') {
    plan.killPod = true;
    return false;
  }
  const killed = new Set<number>();
  for (const k of init.sidecarKills ?? []) {
    const spec = pod.spec.initContainers[k.index]!;
    plan.containersToKill.push({ id: k.id, name: spec.name, message: k.message });
    killed.add(k.index);
  }
  const steps = [...(init.sidecarRestarts ?? []), ...(init.next !== undefined ? [init.next] : [])];
  for (const index of steps) {
    const spec = pod.spec.initContainers[index]!;
    // An instance created in an old sandbox is not started by its id: it would join the dead sandbox.
    const inSandbox = (observed.init.get(spec.name) ?? []).some((c) => c.sandboxId === sandboxId);
    const step = planStart(input, 'init', index, spec, !inSandbox, killed.has(index));
    if ('reason' in step) addWaiting(plan, step);
    else if (index === init.next) plan.initContainerToStart = step;
    else plan.sidecarsToStart.push(step);
  }
  return init.done;
}

/** A pod that has completed stops its sidecars and does not start them again (kubelet: they must not keep it alive). */
export function dropSidecarRestarts(plan: PodActions, input: PodActionsInput): void {
  const sidecars = new Set(input.pod.spec.initContainers.filter(isSidecar).map((c) => c.name));
  plan.sidecarsToStart = [];
  plan.waiting = plan.waiting.filter((w) => !sidecars.has(w.name));
  const untils = plan.waiting.map((w) => w.untilMs);
  if (untils.length > 0) plan.requeueAtMs = Math.min(...untils);
  else delete plan.requeueAtMs;
}

/** Whether the pod's regular init containers are done (sidecars aside): a completed pod needs no new sandbox. */
export function regularInitDone(input: PodActionsInput): boolean {
  const { pod, observed } = input;
  const regular = { ...pod, spec: { ...pod.spec, initContainers: pod.spec.initContainers.filter((c) => !isSidecar(c)) } };
  return findNextInitContainer(regular, observed.init, appRunning(observed)).done;
}



/** Init container instances of the current sandbox only (a new sandbox runs every init container again). */
function initInSandbox(observed: ObservedPod, sandboxId: string): Map<string, readonly ObservedContainer[]> {
  const scoped = new Map<string, readonly ObservedContainer[]>();
  for (const [name, list] of observed.init) {
    const inSandbox = list.filter((c) => c.sandboxId === sandboxId);
    if (inSandbox.length > 0) scoped.set(name, inSandbox);
  }
  return scoped;
}

function appRunning(observed: ObservedPod): boolean {
  for (const list of observed.app.values()) if (list.some((c) => c.state === 'running')) return true;
  return false;
}
