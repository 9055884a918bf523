import type { ObservedPod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';
import type { PodActions } from './pod-actions.js';

/**
 * Container GC (kubelet keeps at least one dead instance per container, `minDeadContainerInPod`):
 * per name keep the newest and the one before it (for `logs --previous`), counting the instance
 * this plan creates, so the sync after it has nothing left to remove; per pod keep the newest
 * sandbox. Running containers are never garbage. A container that was created but never started
 * (an engine or agent killed between create and start, a sandbox that failed under it) is garbage
 * unless this plan starts it: it has no logs or exit status to keep, and left alone it would stay
 * `created` for good once a newer instance or sandbox took its place.
 */
export function garbage(observed: ObservedPod, plan: PodActions): string[] {
  const steps = [...plan.sidecarsToStart, plan.initContainerToStart, ...plan.containersToStart].filter((s) => s !== undefined);
  const created = new Set(steps.filter((s) => s.existingId === undefined).map((s) => `${s.kind}/${s.name}`));
  const reused = new Set(steps.flatMap((s) => (s.existingId === undefined ? [] : [s.existingId])));
  const dead = (list: readonly ObservedContainer[], keep: number) => list.slice(keep).filter((c) => c.state !== 'running').map((c) => c.id);
  const keepOf = (kind: 'init' | 'app', name: string) => (created.has(`${kind}/${name}`) ? 1 : 2);
  const neverStarted = [...observed.init.values(), ...observed.app.values()]
    .flat()
    .filter((c) => c.state === 'created' && c.startedAt === undefined && !reused.has(c.id))
    .map((c) => c.id);
  return [
    ...new Set([
      ...dead(observed.sandboxes, 1),
      ...[...observed.init].flatMap(([name, list]) => dead(list, keepOf('init', name))),
      ...[...observed.app].flatMap(([name, list]) => dead(list, keepOf('app', name))),
      ...neverStarted,
    ]),
  ];
}
