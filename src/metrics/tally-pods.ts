import type { PodPhase, PodStatus } from '../api/pod-status-types.js';

export const POD_PHASES: readonly PodPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
export const CONTAINER_STATES = ['waiting', 'running', 'terminated'] as const;
export type ContainerStateName = (typeof CONTAINER_STATES)[number];

/** Pods by phase, every phase present (a zero keeps a dashboard's series continuous). */
export function countPodsByPhase(statuses: readonly PodStatus[]): Map<PodPhase, number> {
  const counts = new Map(POD_PHASES.map((phase) => [phase, 0]));
  for (const s of statuses) counts.set(s.phase, (counts.get(s.phase) ?? 0) + 1);
  return counts;
}

/** Init and app containers by the state their status reports (a status with no state counts as waiting). */
export function countContainersByState(statuses: readonly PodStatus[]): Map<ContainerStateName, number> {
  const counts = new Map(CONTAINER_STATES.map((state) => [state, 0]));
  for (const s of statuses) {
    for (const c of [...s.initContainerStatuses, ...s.containerStatuses]) {
      const state: ContainerStateName = c.state.running ? 'running' : c.state.terminated ? 'terminated' : 'waiting';
      counts.set(state, counts.get(state)! + 1);
    }
  }
  return counts;
}
