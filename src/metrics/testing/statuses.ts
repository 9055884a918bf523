import type { ContainerState, ContainerStatus, PodEvent, PodPhase, PodStatus } from '../../api/pod-status-types.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export const running = (startedAtMs = T0): ContainerState => ({ running: { startedAt: new Date(startedAtMs).toISOString() } });
export const waiting = (reason = 'ContainerCreating'): ContainerState => ({ waiting: { reason } });
export const terminated = (reason: string, exitCode = 1): ContainerState => ({ terminated: { exitCode, reason } });

export function containerStatus(name: string, state: ContainerState, restartCount = 0, lastState: ContainerState = {}): ContainerStatus {
  return { name, image: 'minikubelet/busybox:1.35', imageID: '', ready: state.running !== undefined, restartCount, state, lastState };
}

export function podStatus(phase: PodPhase, containers: ContainerStatus[], initContainers: ContainerStatus[] = []): PodStatus {
  return { phase, conditions: [], initContainerStatuses: initContainers, containerStatuses: containers };
}

export function event(reason: string, message: string, firstMs: number, lastMs = firstMs): PodEvent {
  return { type: 'Normal', reason, message, firstTimestamp: new Date(firstMs).toISOString(), lastTimestamp: new Date(lastMs).toISOString(), count: 1 };
}
