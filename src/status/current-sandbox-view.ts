import { type Pod, isSidecar } from '../api/pod-types.js';
import { instancesByName, newestFirst } from '../runtime/container-instances.js';
import type { ObservedContainer } from '../runtime/types.js';
import type { WaitingReason } from './waiting-reason.js';

export interface StatusView {
  containers: ObservedContainer[];
  reasonCache: ReadonlyMap<string, WaitingReason>;
}

/**
 * What status is computed from once a pod's sandbox was re-created: init containers of older
 * sandboxes are left out (the kubelet purges them, and they all run again), and an app container
 * whose newest instance died with an older sandbox is shown waiting to be started again
 * (`PodInitializing` while init containers run, else `ContainerCreating`), its old run kept as
 * lastState. Without this the pod would look initialized, or completed, while it is starting over.
 */
export function currentSandboxView(pod: Pod, containers: readonly ObservedContainer[], reasonCache: ReadonlyMap<string, WaitingReason>): StatusView {
  const sandbox = containers.filter((c) => c.kind === 'sandbox').sort(newestFirst)[0];
  if (!sandbox || sandbox.state !== 'running') return { containers: [...containers], reasonCache };
  const current = containers.filter((c) => c.kind !== 'init' || c.sandboxId === sandbox.id);
  const reasons = new Map(reasonCache);
  const apps = instancesByName(current, 'app');
  const inits = instancesByName(current, 'init');
  const initDone = pod.spec.initContainers.every((spec) => {
    const newest = inits.get(spec.name)?.[0];
    if (isSidecar(spec)) return newest?.state === 'running';
    return newest?.state === 'exited' && newest.exitCode === 0;
  });
  for (const spec of pod.spec.containers) {
    const newest = apps.get(spec.name)?.[0];
    if (!newest || newest.sandboxId === sandbox.id || reasons.has(spec.name)) continue;
    reasons.set(spec.name, { reason: initDone ? 'ContainerCreating' : 'PodInitializing', message: '' });
  }
  return { containers: current, reasonCache: reasons };
}
