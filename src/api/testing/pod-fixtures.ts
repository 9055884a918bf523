/**
 * A container and a pod spec as the API defaults leave them (`applyPodDefaults`, pinned by
 * `defaults.test.ts`): the building blocks of the planner, status and agent-API test fixtures.
 */
import type { Container, PodSpec } from '../pod-types.js';

/** Container `name` with every defaulted field filled; image `busybox:1.36` unless overridden. */
export function defaultedContainer(name: string, overrides: Partial<Container> = {}): Container {
  return {
    name,
    image: 'busybox:1.36',
    env: [],
    ports: [],
    volumeMounts: [],
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: { limits: {}, requests: {} },
    stdin: false,
    stdinOnce: false,
    tty: false,
    ...overrides,
  };
}

/** A pod spec with these containers and every other defaulted field filled: no init containers or volumes, restartPolicy Always. */
export function defaultedPodSpec({ containers, ...spec }: Partial<PodSpec> & Pick<PodSpec, 'containers'>): PodSpec {
  return {
    initContainers: [],
    containers,
    volumes: [],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    hostNetwork: false,
    ...spec,
  };
}
