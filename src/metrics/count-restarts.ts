import type { ContainerStatus, PodStatus } from '../api/pod-status-types.js';

/**
 * Restarts between two statuses of one pod, by the reason the previous instance terminated with
 * (`Error`, `Completed`, `OOMKilled`, `ContainerCannotRun`; `Unknown` when the status does not
 * say). Counted from restartCount increases, so a status rebuilt after an agent restart (no
 * previous status) counts nothing: those restarts were counted by the agent that saw them.
 */
export function countRestarts(previous: PodStatus | undefined, next: PodStatus): Map<string, number> {
  const restarts = new Map<string, number>();
  if (!previous) return restarts;
  const before = byName([...previous.initContainerStatuses, ...previous.containerStatuses]);
  for (const c of [...next.initContainerStatuses, ...next.containerStatuses]) {
    const added = c.restartCount - (before.get(c.name)?.restartCount ?? c.restartCount);
    if (added <= 0) continue;
    const reason = c.lastState.terminated?.reason ?? 'Unknown';
    restarts.set(reason, (restarts.get(reason) ?? 0) + added);
  }
  return restarts;
}

function byName(statuses: ContainerStatus[]): Map<string, ContainerStatus> {
  return new Map(statuses.map((s) => [s.name, s]));
}
