/** Test fixtures for status and printer tests: a base pod and engine containers, built by overrides. */
import type { Pod, PodSpec } from '../../api/pod-types.js';
import type { PodStatus } from '../../api/pod-status-types.js';
import { defaultedContainer, defaultedPodSpec } from '../../api/testing/pod-fixtures.js';
import { type ContainerOverrides, withOverrides } from '../../runtime/testing/container-overrides.js';
import type { ObservedContainer } from '../../runtime/types.js';
import type { ApiPod } from '../../api/api-pod.js';
import { toRfc3339 } from '../../api/rfc3339.js';

/** 2024-05-01T12:00:00Z: the tests' "now" unless they say otherwise. */
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export const POD_UID = '6b1a4e0e-0000-4000-8000-000000000001';

/** Container `name` with the API defaults (image `busybox:1.36`), changed by `overrides`. */
export const makeContainer = defaultedContainer;

export function makePod(spec: Partial<PodSpec> = {}, name = 'web'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: POD_UID, labels: {}, annotations: {} },
    spec: defaultedPodSpec({ containers: [makeContainer('app')], nodeName: 'node-1', ...spec }),
  };
}

type Kind = ObservedContainer['kind'];

/** One engine container of `POD_UID`; `id` defaults to a readable `<name>-<attempt>`. */
export function observed(kind: Kind, containerName: string, overrides: ContainerOverrides = {}): ObservedContainer {
  const attempt = overrides.attempt ?? 0;
  const name = kind === 'sandbox' ? 'POD' : containerName;
  return withOverrides({
    id: `${name.toLowerCase()}-${attempt}`,
    dockerName: `k8s_${name}_web_default_${POD_UID}_${attempt}`,
    podName: 'web',
    podNamespace: 'default',
    podUid: POD_UID,
    containerName: name,
    kind,
    attempt,
    specHash: 'hash',
    sandboxId: kind === 'sandbox' ? '' : 'pod-0',
    image: kind === 'sandbox' ? 'registry.k8s.io/pause:3.10' : 'busybox:1.36',
    imageId: 'sha256:aaaa',
    state: 'created',
    createdAt: T0 - 10 * MINUTE,
    oomKilled: false,
    labels: {},
  }, overrides);
}

/** A running sandbox with a pod IP. */
export function sandbox(overrides: ContainerOverrides = {}): ObservedContainer {
  return observed('sandbox', 'POD', { state: 'running', startedAt: T0 - 10 * MINUTE, ip: '172.17.0.5', ...overrides });
}

export function running(kind: Kind, name: string, startedAt: number, overrides: ContainerOverrides = {}): ObservedContainer {
  return observed(kind, name, { state: 'running', createdAt: startedAt - SECOND, startedAt, ...overrides });
}

export function exited(
  kind: Kind,
  name: string,
  exitCode: number,
  finishedAt: number,
  overrides: ContainerOverrides = {},
): ObservedContainer {
  return observed(kind, name, {
    state: 'exited',
    exitCode,
    createdAt: finishedAt - 2 * SECOND,
    startedAt: finishedAt - SECOND,
    finishedAt,
    ...overrides,
  });
}

/** The pod as the local API serves it, created `ageMs` before T0. */
export function apiPod(pod: Pod, status: PodStatus, ageMs = 10 * MINUTE): ApiPod {
  return { ...pod, metadata: { ...pod.metadata, creationTimestamp: toRfc3339(T0 - ageMs) }, status };
}
