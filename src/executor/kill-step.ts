import type { ContainerToKill } from '../planner/pod-actions.js';
import { LABEL_SIDECAR_INDEX } from '../runtime/labels.js';
import type { ObservedContainer } from '../runtime/types.js';
import { containerFieldPath } from '../status/event-recorder.js';
import { preStopFromLabels, runPreStop } from './lifecycle-hooks.js';
import type { SyncContext } from './sync-context.js';

/** kubelet `minimumGracePeriodInSeconds`: a container always gets at least 2 s after SIGTERM. */
const MIN_GRACE_SECONDS = 2;
/** cri-dockerd `defaultSandboxGracePeriod`. */
export const SANDBOX_GRACE_SECONDS = 10;

export type PodIPLookup = () => Promise<string | undefined>;

function isSidecarInstance(c: ObservedContainer): boolean {
  return c.kind === 'init' && c.labels[LABEL_SIDECAR_INDEX] !== undefined;
}

function sidecarIndex(c: ObservedContainer): number {
  return Number(c.labels[LABEL_SIDECAR_INDEX]) || 0;
}

export function graceOf(seconds: number): number {
  return Math.max(MIN_GRACE_SECONDS, seconds);
}

/**
 * kubelet killContainer (kuberuntime_container.go): the `Killing` event, the preStop hook the
 * container was created with (from its label, so it runs even when the pod's spec is gone)
 * within the grace period, then SIGTERM with what is left of it (at least 2 s), SIGKILL after.
 */
export async function killContainer(ctx: SyncContext, c: ObservedContainer, graceSeconds: number, message: string, podIP: PodIPLookup): Promise<void> {
  const fieldPath = containerFieldPath(c.kind === 'init' ? 'init' : 'app', c.containerName);
  ctx.events.record(c.podUid, { type: 'Normal', reason: 'Killing', message, fieldPath });
  let grace = graceSeconds;
  const preStop = preStopFromLabels(c.labels);
  if (preStop && grace > 0) {
    const podRef = `${c.podName}_${c.podNamespace}(${c.podUid})`;
    const target = { runtime: ctx.runtime, podRef, containerName: c.containerName, containerId: c.id, ports: [], podIP };
    const { spentSeconds, failure } = await runPreStop(preStop, target, grace, Date.now);
    if (failure) {
      // kubelet: the details stay out of the event (they may hold secrets).
      ctx.events.record(c.podUid, { type: 'Warning', reason: 'FailedPreStopHook', message: 'PreStopHook failed', fieldPath });
      ctx.log.warn({ pod: `${c.podNamespace}/${c.podName}`, podUid: c.podUid, container: c.containerName, message: failure }, 'Failed to run preStop hook');
    }
    grace -= spentSeconds;
  }
  await ctx.runtime.stopContainer(c.id, graceOf(grace));
}

/**
 * Stops every running container of the pod, app and init in parallel, each with its grace period,
 * then the sandbox. `planned`: kills the plan asked for (a failed probe), whose message and grace
 * period win.
 */
export async function killRunning(
  ctx: SyncContext,
  podUid: string,
  observed: readonly ObservedContainer[],
  graceSeconds: number,
  podIP: PodIPLookup,
  planned: readonly ContainerToKill[] = [],
): Promise<void> {
  const running = observed.filter((c) => c.kind !== 'sandbox' && c.state === 'running' && c.podUid === podUid);
  const byId = new Map(planned.map((k) => [k.id, k]));
  const kill = (c: ObservedContainer) => {
    const k = byId.get(c.id);
    return killContainer(ctx, c, k?.gracePeriodSeconds ?? graceSeconds, k?.message ?? `Stopping container ${c.containerName}`, podIP);
  };
  await Promise.all(running.filter((c) => !isSidecarInstance(c)).map(kill));
  // kubelet (SidecarContainers): sidecars stop after the app containers, in reverse spec order.
  const sidecars = running.filter(isSidecarInstance).sort((a, b) => sidecarIndex(b) - sidecarIndex(a));
  for (const c of sidecars) await kill(c);
  const sandboxes = observed.filter((c) => c.kind === 'sandbox' && c.state === 'running');
  await Promise.all(sandboxes.map((s) => ctx.runtime.stopContainer(s.id, SANDBOX_GRACE_SECONDS)));
}
