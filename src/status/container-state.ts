import type { ContainerState, ContainerStateTerminated } from '../api/pod-status-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { toRfc3339 } from '../api/rfc3339.js';

/** The CRI container state cri-dockerd derives from Docker's inspect (`core/container_status.go`). */
export type CriState = 'running' | 'created' | 'exited' | 'unknown';

/**
 * cri-dockerd's reduction, read from the fields rather than Docker's status word:
 * a finish time means it ran and exited; no finish time with a non-zero exit code means it
 * failed to start (`ContainerCannotRun`); otherwise it is only created.
 */
export function criStateOf(c: ObservedContainer): CriState {
  if (c.state === 'running') return 'running';
  if (c.finishedAt !== undefined) return 'exited';
  if ((c.exitCode ?? 0) !== 0) return 'exited';
  return c.state === 'unknown' ? 'unknown' : 'created';
}

export function containerIdOf(c: ObservedContainer): string {
  return `docker://${c.id}`;
}

/**
 * cri-dockerd `toPullableImageID`: `docker-pullable://<repo digest>` when a digest is known,
 * else `docker://<image id>`. The runtime gives us the image reference it knows best.
 */
export function imageIdOf(c: ObservedContainer): string {
  const ref = c.imageId;
  if (ref === '' || ref.startsWith('docker://') || ref.startsWith('docker-pullable://')) return ref;
  return ref.includes('@') ? `docker-pullable://${ref}` : `docker://${ref}`;
}

function terminatedOf(c: ObservedContainer): ContainerStateTerminated {
  const exitCode = c.exitCode ?? 0;
  const failedToStart = c.finishedAt === undefined;
  let reason: string;
  if (failedToStart) reason = 'ContainerCannotRun';
  else if (c.oomKilled) reason = 'OOMKilled';
  else if (exitCode === 0) reason = 'Completed';
  else reason = 'Error';
  // A container that never started gets its creation time as start and finish (cri-dockerd).
  const startedAt = failedToStart ? c.createdAt : c.startedAt;
  const finishedAt = failedToStart ? c.createdAt : c.finishedAt;
  const terminated: ContainerStateTerminated = { exitCode, reason };
  // kubelet: the runtime's message and the termination message, joined as `<runtime>: <message>`.
  const message = [c.error, c.terminationMessage].filter((m) => !!m).join(': ');
  if (message) terminated.message = message;
  if (startedAt !== undefined && startedAt > 0) terminated.startedAt = toRfc3339(startedAt);
  if (finishedAt !== undefined && finishedAt > 0) terminated.finishedAt = toRfc3339(finishedAt);
  terminated.containerID = containerIdOf(c);
  return terminated;
}

/**
 * One engine instance as an API ContainerState (kubelet `convertToAPIContainerStatuses`'s
 * `convertContainerStatus`): running → running, created → waiting{}, exited → terminated.
 * `unknown` is returned as undefined: the caller decides from the previous status.
 */
export function containerStateOf(c: ObservedContainer): ContainerState | undefined {
  switch (criStateOf(c)) {
    case 'running':
      return { running: { startedAt: toRfc3339(c.startedAt ?? c.createdAt) } };
    case 'created':
      return { waiting: {} };
    case 'exited':
      return { terminated: terminatedOf(c) };
    case 'unknown':
      return undefined;
  }
}
