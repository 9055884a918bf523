import { type Pod, isSidecar } from '../api/pod-types.js';
import type { ContainerStatus, PodPhase, PodStatus } from '../api/pod-status-types.js';

/**
 * kubelet `getPhase` (pkg/kubelet/kubelet_pods.go, with SidecarContainers) for a static pod: a
 * static pod is never forced to a terminal phase because it is being terminated (TODO #116484 in
 * the kubelet), so `podIsTerminal` plays no part. Sidecars count as running containers while they
 * run, are ignored once terminated, and keep the pod Pending until started, unless a regular
 * container has already started.
 */
export function computePodPhase(pod: Pod, initStatuses: readonly ContainerStatus[], appStatuses: readonly ContainerStatus[]): PodPhase {
  const init = countInitContainers(pod, initStatuses);
  if (init.failed > 0 && pod.spec.restartPolicy === 'Never') return 'Failed';
  const app = countAppContainers(pod, appStatuses);
  const n = { ...app, running: app.running + init.sidecarsRunning, unknown: app.unknown + init.sidecarsUnknown };
  // kubelet `HasAnyRegularContainerStarted`.
  const regularStarted = appStatuses.some((s) => s.state.running || s.state.terminated);
  if (init.pending > 0 || (init.sidecarsPending > 0 && !regularStarted) || n.waiting > 0) return 'Pending';
  if (n.running > 0 && n.unknown === 0) return 'Running';
  if (n.running === 0 && n.stopped > 0 && n.unknown === 0) {
    if (pod.spec.restartPolicy === 'Always') return 'Running';
    if (n.stopped === n.succeeded) return 'Succeeded';
    if (pod.spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function countInitContainers(pod: Pod, statuses: readonly ContainerStatus[]) {
  const n = { pending: 0, failed: 0, sidecarsPending: 0, sidecarsRunning: 0, sidecarsUnknown: 0 };
  for (const container of pod.spec.initContainers) {
    const s = statuses.find((x) => x.name === container.name);
    if (isSidecar(container)) {
      if (!s) n.sidecarsUnknown++;
      else if (s.state.running) {
        if (!s.started) n.sidecarsPending++;
        n.sidecarsRunning++;
      } else if (s.state.terminated) {
        // A terminated sidecar is ignored.
      } else if (!s.lastState.terminated) n.sidecarsPending++;
      continue;
    }
    if (!s || s.state.running) n.pending++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) n.failed++;
    } else if (s.state.waiting && s.lastState.terminated) {
      if (s.lastState.terminated.exitCode !== 0) n.failed++;
    } else n.pending++;
  }
  return n;
}

function countAppContainers(pod: Pod, statuses: readonly ContainerStatus[]) {
  const n = { unknown: 0, running: 0, waiting: 0, stopped: 0, succeeded: 0 };
  for (const container of pod.spec.containers) {
    const s = statuses.find((x) => x.name === container.name);
    if (!s) n.unknown++;
    else if (s.state.running) n.running++;
    else if (s.state.terminated) {
      n.stopped++;
      if (s.state.terminated.exitCode === 0) n.succeeded++;
    } else if (s.state.waiting) {
      // A restarting container (waiting with a last termination) counts as stopped.
      if (s.lastState.terminated) n.stopped++;
      else n.waiting++;
    } else n.unknown++;
  }
  return n;
}

export function isPhaseTerminal(phase: PodPhase | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** A pod that will never run again: Succeeded or Failed (podutil.IsPodPhaseTerminal). */
export function isPodTerminal(status: Pick<PodStatus, 'phase'>): boolean {
  return isPhaseTerminal(status.phase);
}
