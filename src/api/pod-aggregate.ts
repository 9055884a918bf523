import { type Container, type Pod, isSidecar } from './pod-types.js';

/**
 * What a pod needs of one resource at its peak (k8s `resourcehelper.AggregateContainerRequests`,
 * KEP-753): the app containers and the sidecars run together, and init container i runs beside the
 * sidecars started before it; the larger of the two phases counts. Without sidecars: the larger of
 * the app containers' sum and the largest init container.
 */
export function aggregateOverContainers(pod: Pod, amountOf: (c: Container) => number): number {
  let running = pod.spec.containers.reduce((total, c) => total + amountOf(c), 0);
  let sidecars = 0;
  let initPeak = 0;
  for (const c of pod.spec.initContainers) {
    const amount = amountOf(c);
    if (isSidecar(c)) {
      running += amount;
      sidecars += amount;
      initPeak = Math.max(initPeak, sidecars);
    } else {
      initPeak = Math.max(initPeak, amount + sidecars);
    }
  }
  return Math.max(running, initPeak);
}
