import { describe, expect, it } from 'vitest';
import { applyPodDefaults } from './defaults.js';
import { aggregateContainerResources, isPodLevelRequestsSet, isPodLevelResourcesSet } from './pod-level-resources.js';
import type { PodManifest } from './pod-schema.js';
import { formatQuantity } from './quantity.js';

type List = Record<string, string>;
type Requirements = { limits?: List; requests?: List };

/** A pod with pod-level `resources` and one app container per entry of `containers` (and init containers). */
function defaulted(resources: Requirements | undefined, containers: Requirements[], initContainers: Requirements[] = []) {
  const manifest: PodManifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      containers: containers.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })),
      initContainers: initContainers.map((r, i) => ({ name: `i${i}`, image: 'x', resources: r })),
      ...(resources ? { resources } : {}),
    },
  };
  return applyPodDefaults(manifest).spec;
}

describe('defaultPodResources (k8s SetDefaults_Pod defaultPodRequests, 1.34)', () => {
  it.each<[string, Requirements, Requirements[], Requirements[], Requirements]>([
    ['pod limits only, containers without requests: requests = limits', { limits: { cpu: '1', memory: '256Mi' } }, [{}, {}], [], { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '1', memory: '256Mi' } }],
    [
      'pod limits, containers with requests: requests = their aggregate',
      { limits: { cpu: '1', memory: '256Mi' } },
      [{ requests: { cpu: '250m', memory: '64Mi' } }, { requests: { cpu: '250m', memory: '64Mi' } }],
      [],
      { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
    ],
    [
      'container limits count as their requests (defaulted first); the largest init container counts',
      { limits: { cpu: '2', memory: '1Gi' } },
      [{ limits: { cpu: '500m' } }],
      [{ requests: { cpu: '1500m' } }],
      { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '1500m', memory: '1Gi' } },
    ],
    [
      'a resource the containers request but the pod does not limit still defaults from them',
      { limits: { cpu: '1' } },
      [{ requests: { memory: '64Mi' } }],
      [],
      { limits: { cpu: '1' }, requests: { cpu: '1', memory: '64Mi' } },
    ],
    [
      'explicit pod requests are kept; other container resources are not pod-level',
      { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '100m' } },
      [{ requests: { cpu: '50m', 'ephemeral-storage': '1Gi' } }],
      [],
      { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
    ],
    ['pod requests without limits: nothing defaulted (pod limits are never defaulted in 1.34)', { requests: { cpu: '1' } }, [{ limits: { cpu: '500m' } }], [], { limits: {}, requests: { cpu: '1' } }],
    ['an empty resources stanza stays empty', {}, [{ requests: { cpu: '1' } }], [], { limits: {}, requests: {} }],
  ])('%s', (_name, resources, containers, init, expected) => {
    expect(defaulted(resources, containers, init).resources).toEqual(expected);
  });

  it('leaves a pod without pod-level resources without them (its UID and hashes do not change)', () => {
    expect(defaulted(undefined, [{ limits: { cpu: '1' } }])).not.toHaveProperty('resources');
  });
});

describe('pod-level resources helpers (k8s component-helpers/resource)', () => {
  it('aggregates the app containers and takes the larger of that and each init container', () => {
    const spec = defaulted(undefined, [{ requests: { cpu: '250m', memory: '64Mi' } }, { limits: { cpu: '500m' } }], [{ requests: { cpu: '1', memory: '32Mi' } }]);
    const aggregate = aggregateContainerResources(spec, 'requests');
    expect(Object.fromEntries([...aggregate].map(([name, q]) => [name, formatQuantity(q, name !== 'cpu')]))).toEqual({ cpu: '1', memory: '64Mi' });
  });

  it.each<[Requirements | undefined, boolean, boolean]>([
    [undefined, false, false],
    [{}, false, false],
    [{ requests: { cpu: '1' } }, true, true],
    [{ limits: { memory: '1Gi' } }, true, true], // requests defaulted from the limit
    [{ requests: { 'ephemeral-storage': '1Gi' } }, false, false],
    [{ requests: { 'hugepages-2Mi': '2Mi' }, limits: { 'hugepages-2Mi': '2Mi' } }, true, true],
  ])('resources %j: set %s, requests set %s', (resources, set, requestsSet) => {
    const spec = defaulted(resources, [{}]);
    expect(isPodLevelResourcesSet(spec)).toBe(set);
    expect(isPodLevelRequestsSet(spec)).toBe(requestsSet);
  });
});
