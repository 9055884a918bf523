import type { PodSpec, ResourceRequirements } from './pod-types.js';
import { addQuantities, compareQuantities, formatQuantity, parseQuantity, type Quantity } from './quantity.js';

/**
 * Pod-level `spec.resources` (KEP-2837, PodLevelResources, beta and on by default in 1.34): which
 * names it takes, whether it is set, the containers' aggregate it is checked against, and its
 * defaulting. After k8s `staging/src/k8s.io/component-helpers/resource/helpers.go` and
 * `pkg/apis/core/v1/defaults.go` (`defaultPodRequests`).
 */

type ResourceList = Record<string, string>;
type ContainersOf = Pick<PodSpec, 'containers' | 'initContainers'>;

const HUGE_PAGES_PREFIX = 'hugepages-';

/** `IsSupportedPodLevelResource`: cpu, memory and hugepages-<size>. */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith(HUGE_PAGES_PREFIX);
}

const hasSupported = (list: ResourceList | undefined): boolean => Object.keys(list ?? {}).some(isSupportedPodLevelResource);

/** `IsPodLevelResourcesSet`: pod-level requests or limits name a supported resource. */
export function isPodLevelResourcesSet(spec: Pick<PodSpec, 'resources'>): boolean {
  return hasSupported(spec.resources?.requests) || hasSupported(spec.resources?.limits);
}

/** `IsPodLevelRequestsSet`. */
export function isPodLevelRequestsSet(spec: Pick<PodSpec, 'resources'>): boolean {
  return hasSupported(spec.resources?.requests);
}

/** The binary (1024-based) form for byte amounts, the decimal one for cpu, as quantities print. */
export function formatResourceQuantity(name: string, q: Quantity): string {
  return formatQuantity(q, name !== 'cpu');
}

function quantities(list: ResourceList): Map<string, Quantity> {
  const parsed = new Map<string, Quantity>();
  for (const [name, text] of Object.entries(list)) {
    const q = parseQuantity(text);
    // An invalid quantity is validation's to report; the aggregate leaves it out.
    if (q.ok) parsed.set(name, q.value);
  }
  return parsed;
}

/**
 * `AggregateContainerRequests` / `AggregateContainerLimits` for pods without sidecars: per
 * resource, the larger of the app containers' sum and the largest init container (init
 * containers run one at a time, before the app containers).
 */
export function aggregateContainerResources(spec: ContainersOf, list: keyof ResourceRequirements): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  for (const c of spec.containers) {
    for (const [name, q] of quantities(c.resources[list])) {
      const sum = total.get(name);
      total.set(name, sum === undefined ? q : addQuantities(sum, q));
    }
  }
  for (const c of spec.initContainers) {
    for (const [name, q] of quantities(c.resources[list])) {
      const current = total.get(name);
      if (current === undefined || compareQuantities(q, current) > 0) total.set(name, q);
    }
  }
  return total;
}

/**
 * `defaultPodRequests` (applied after the containers' own defaults, so their requests already
 * default to their limits): only when pod-level limits are set, each missing pod-level request of
 * cpu or memory defaults to the containers' aggregate request, else to the pod-level limit.
 * Pod-level limits are never defaulted in 1.34.
 */
export function defaultPodResources(
  resources: { limits?: ResourceList | undefined; requests?: ResourceList | undefined },
  spec: ContainersOf,
): ResourceRequirements {
  const limits = { ...resources.limits };
  const requests = { ...resources.requests };
  if (Object.keys(limits).length > 0) {
    for (const [name, q] of aggregateContainerResources(spec, 'requests')) {
      if (!(name in requests) && isSupportedPodLevelResource(name) && !name.startsWith(HUGE_PAGES_PREFIX))
        requests[name] = formatResourceQuantity(name, q);
    }
    for (const [name, text] of Object.entries(limits)) {
      if (!(name in requests) && isSupportedPodLevelResource(name)) requests[name] = text;
    }
  }
  return { limits, requests };
}
