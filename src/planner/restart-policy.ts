import type { RestartPolicy } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';

/**
 * Whether an app container that is not running should be started again (kubelet
 * `ShouldContainerBeRestarted`, pkg/kubelet/container/helpers.go): no instance → yes; created or
 * unknown → yes; Never → no; OnFailure after exit 0 → no; otherwise (Always, even after exit 0) yes.
 */
export function shouldRestart(newest: ObservedContainer | undefined, policy: RestartPolicy): boolean {
  if (!newest) return true;
  if (newest.state === 'running') return false;
  if (newest.state === 'created' || newest.state === 'unknown') return true;
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return !succeeded(newest);
  return true;
}

export function succeeded(c: ObservedContainer): boolean {
  return c.state === 'exited' && c.exitCode === 0 && !c.oomKilled;
}

/** kubelet `isInitContainerFailed`: exited non-zero, OOM-killed, or in an unknown state. */
export function initContainerFailed(c: ObservedContainer): boolean {
  if (c.state === 'unknown') return true;
  return c.state === 'exited' && (c.exitCode !== 0 || c.oomKilled);
}
