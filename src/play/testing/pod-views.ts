import type { ContainerState, ContainerStatus } from '../../api/pod-status-types.js';
import type { PodView } from '../status-lines.js';

/** A container status with `state`; no restarts, not ready, nothing before. */
export function containerStatus(name: string, state: ContainerState, more: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, image: 'busybox', imageID: '', ready: false, restartCount: 0, state, lastState: {}, ...more };
}

export function podView(more: Partial<PodView> = {}): PodView {
  return { namespace: 'default', name: 'web', phase: 'Running', status: 'Running', ready: '1/1', initContainers: [], containers: [], ...more };
}

export const running = (startedAt = '2024-01-01T00:00:00Z'): ContainerState => ({ running: { startedAt } });
export const exited = (exitCode: number, finishedAt = '2024-01-01T00:00:10Z', reason = exitCode === 0 ? 'Completed' : 'Error'): ContainerState => ({
  terminated: { exitCode, reason, finishedAt, containerID: `docker://${finishedAt}` },
});
