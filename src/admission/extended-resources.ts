import type { Pod } from '../api/pod-types.js';
import { parseQuantity, quantityValue } from '../api/quantity.js';

/**
 * A pod's requests of extended resources (`example.com/dongle`, `nvidia.com/gpu`: any resource
 * but cpu, memory, ephemeral-storage and hugepages-*), as the scheduler's `computePodResourceRequest`
 * counts them: the app containers' sum, or the largest init container's when larger. The node
 * advertises none (no device plugins), so admission refuses any with `OutOf<name>` as the kubelet does.
 */
export function extendedResourceRequests(pod: Pod): Map<string, number> {
  const isExtended = (name: string) => !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(name) && !name.startsWith('hugepages-');
  const requestsOf = (requests: Record<string, string>) =>
    Object.entries(requests).flatMap(([name, text]) => {
      const parsed = parseQuantity(text);
      return isExtended(name) && parsed.ok ? [[name, quantityValue(parsed.value)] as const] : [];
    });
  const total = new Map<string, number>();
  for (const c of pod.spec.containers)
    for (const [name, value] of requestsOf(c.resources.requests)) total.set(name, (total.get(name) ?? 0) + value);
  for (const c of pod.spec.initContainers)
    for (const [name, value] of requestsOf(c.resources.requests)) total.set(name, Math.max(total.get(name) ?? 0, value));
  return new Map([...total].filter(([, value]) => value > 0));
}
