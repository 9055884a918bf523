import type { Container } from '../api/pod-types.js';
import type { ContainerToStart } from '../planner/pod-actions.js';

/**
 * Whether the app containers of one sync may be created and started all at once instead of one
 * after the other in spec order (kubelet SyncPod step 7). The kubelet's order is observable only
 * through a postStart hook, which runs to its end before the next container starts (a later
 * container may rely on what the hook did), so a pod with one among them keeps the order. Init
 * containers and sidecars never come here: they run one at a time by definition.
 */
export function startsTogether(containers: readonly Container[], apps: readonly ContainerToStart[]): boolean {
  if (apps.length === 0) return false;
  return apps.every((step) => step.kind === 'app' && containers[step.index]?.lifecycle?.postStart === undefined);
}
