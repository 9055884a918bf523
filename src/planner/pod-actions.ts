import type { ContainerKind } from '../runtime/types.js';

/** One container the sync should start. */
export interface ContainerToStart {
  kind: Exclude<ContainerKind, 'sandbox'>;
  /** Index in spec.initContainers or spec.containers. */
  index: number;
  name: string;
  /** The restartCount this instance will carry (newest instance's + 1, or 0). */
  attempt: number;
  /**
   * A container already created for this attempt but never started (the agent stopped between
   * create and start): start it instead of creating a twin.
   */
  existingId?: string;
  /** The crash-loop back-off key to advance when this start goes ahead (undefined for a first start). */
  backOffKey?: string;
  /** When the previous instance finished: back-off expiry is judged at this time (kubelet `doBackOff`). */
  backOffEventMs?: number;
}

export interface ContainerToKill {
  id: string;
  name: string;
  /** Kubernetes event message, e.g. `Container app definition changed`. */
  message: string;
  /** A liveness/startup probe's own terminationGracePeriodSeconds; else the pod's applies. */
  gracePeriodSeconds?: number;
}

/** A container the planner holds back, with the waiting reason status shows for it. */
export interface ContainerWaiting {
  name: string;
  reason: 'CrashLoopBackOff';
  message: string;
  untilMs: number;
}

/**
 * The plan for one pod, as the kubelet's `podActions` (kuberuntime_manager.go): computed purely
 * from the desired pod and the observed containers, carried out by `syncPod` in a fixed order.
 */
export interface PodActions {
  /** Kill every container and stop the sandbox (a new sandbox is needed, or everything is done). */
  killPod: boolean;
  /** Create a new sandbox with `sandboxAttempt`. */
  createSandbox: boolean;
  sandboxAttempt: number;
  /** The sandbox to run containers in when none is created: the newest running one. */
  sandboxId?: string;
  /** Emit `SandboxChanged`: an old sandbox existed and is being replaced. */
  sandboxChanged: boolean;
  /** At most one init container is started per sync (kubelet §5.3): the next one of initialization. */
  initContainerToStart?: ContainerToStart;
  /** Sidecars started before it, in spec order: exited, gone, or killed for a probe or a changed spec. */
  sidecarsToStart: ContainerToStart[];
  containersToStart: ContainerToStart[];
  containersToKill: ContainerToKill[];
  waiting: ContainerWaiting[];
  /** Dead containers beyond the last terminated one of each name, old sandboxes: removed. */
  containersToRemove: string[];
  /** Sync again at this time (a back-off expires), if nothing else wakes the pod first. */
  requeueAtMs?: number;
}

export function emptyPodActions(): PodActions {
  return {
    killPod: false,
    createSandbox: false,
    sandboxAttempt: 0,
    sandboxChanged: false,
    sidecarsToStart: [],
    containersToStart: [],
    containersToKill: [],
    waiting: [],
    containersToRemove: [],
  };
}

/** True when the plan does nothing: the pod is as it should be. */
export function isNoop(actions: PodActions): boolean {
  return (
    !actions.killPod &&
    !actions.createSandbox &&
    !actions.initContainerToStart &&
    actions.sidecarsToStart.length === 0 &&
    actions.containersToStart.length === 0 &&
    actions.containersToKill.length === 0 &&
    actions.containersToRemove.length === 0
  );
}

/** One line for the log: what the plan does. */
export function formatPodActions(a: PodActions): string {
  const parts: string[] = [];
  if (a.killPod) parts.push('killPod');
  if (a.createSandbox) parts.push(`createSandbox(attempt=${a.sandboxAttempt})`);
  for (const c of a.sidecarsToStart) parts.push(`startSidecar(${c.name}#${c.attempt})`);
  if (a.initContainerToStart) parts.push(`startInit(${a.initContainerToStart.name}#${a.initContainerToStart.attempt})`);
  for (const c of a.containersToStart) parts.push(`start(${c.name}#${c.attempt})`);
  for (const c of a.containersToKill) parts.push(`kill(${c.name})`);
  for (const w of a.waiting) parts.push(`backOff(${w.name})`);
  if (a.containersToRemove.length) parts.push(`remove(${a.containersToRemove.length})`);
  return parts.join(' ') || 'none';
}
