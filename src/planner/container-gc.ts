import type { ObservedPod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';
import type { PodActions } from './pod-actions.js';

/**
 * Container GC (kubelet keeps at least one dead instance per container, `minDeadContainerInPod`):
 * per name keep the newest and the one before it (for `logs --previous`), counting the instance
 * this plan creates, so the sync after it has nothing left to remove; per pod keep the newest
 * sandbox. Running containers are never garbage.
 */
export function garbage(observed: ObservedPod, plan: PodActions): string[] {
  const created = new Set(
    [...plan.sidecarsToStart, plan.initContainerToStart, ...plan.containersToStart].filter((s) => s !== undefined && s.existingId === undefined).map((s) => `${s!.kind}/${s!.name}`),
  );
  const dead = (list: readonly ObservedContainer[], keep: number) => list.slice(keep).filter((c) => c.state !== 'running').map((c) => c.id);
  const keepOf = (kind: 'init' | 'app', name: string) => (created.has(`${kind}/${name}`) ? 1 : 2);
  return [
    ...dead(observed.sandboxes, 1),
    ...[...observed.init].flatMap(([name, list]) => dead(list, keepOf('init', name))),
    ...[...observed.app].flatMap(([name, list]) => dead(list, keepOf('app', name))),
  ];
}
