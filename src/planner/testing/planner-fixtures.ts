/**
 * Fixtures for planner tests: one fully defaulted base pod (`web`, app containers `a` and `b`) and
 * builders for what the engine reports, each with defaults that describe a healthy pod in the
 * running sandbox `sb0` (IP 172.17.0.2). Tests change only what their case is about.
 */
import type { Container, ObjectMeta, Pod, PodSpec, Probe } from '../../api/pod-types.js';
import { defaultedContainer, defaultedPodSpec } from '../../api/testing/pod-fixtures.js';
import { type ContainerOverrides, withOverrides } from '../../runtime/testing/container-overrides.js';
import type { ObservedContainer, RuntimeState } from '../../runtime/types.js';

/** 2024-05-01T12:00:00Z: "now" unless a test says otherwise. */
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export const POD_NAME = 'web';
export const POD_NAMESPACE = 'default';
export const POD_UID = 'uid-1';
export const SANDBOX_IP = '172.17.0.2';

/** Container `name` with the API defaults and image `busybox:1.35`, changed by `overrides`. */
export function makeContainer(name: string, overrides: Partial<Container> = {}): Container {
  return defaultedContainer(name, { image: 'busybox:1.35', ...overrides });
}

export type PodOverrides = Partial<PodSpec> & { metadata?: Partial<ObjectMeta> };

/** The pod `default/web` (uid `uid-1`): app containers `a` and `b`, restartPolicy Always, no init containers. */
export function makePod(overrides: PodOverrides = {}): Pod {
  const { metadata, ...spec } = overrides;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: POD_NAME, namespace: POD_NAMESPACE, uid: POD_UID, labels: {}, annotations: {}, ...metadata },
    spec: defaultedPodSpec({ containers: [makeContainer('a'), makeContainer('b')], ...spec }),
  };
}

/** The spec hash the fixtures give container `name`: what `specHashes(pod)` wants, so nothing looks changed. */
export function specHashOf(name: string): string {
  return `hash-${name}`;
}

/** `specHashes` input for computePodActions: every init and app container of the pod at `specHashOf`. */
export function specHashes(pod: Pod): Map<string, string> {
  return new Map([...pod.spec.initContainers, ...pod.spec.containers].map((c) => [c.name, specHashOf(c.name)]));
}

function observed(kind: ObservedContainer['kind'], containerName: string, attempt: number, fields: ContainerOverrides): ObservedContainer {
  return withOverrides({
    id: `${containerName}-${attempt}`,
    dockerName: `k8s_${containerName}_${POD_NAME}_${POD_NAMESPACE}_${POD_UID}_${attempt}`,
    podName: POD_NAME,
    podNamespace: POD_NAMESPACE,
    podUid: POD_UID,
    containerName,
    kind,
    attempt,
    specHash: kind === 'sandbox' ? '' : specHashOf(containerName),
    sandboxId: '',
    image: kind === 'sandbox' ? 'registry.k8s.io/pause:3.10' : 'busybox:1.35',
    imageId: 'sha256:0000',
    state: 'running',
    createdAt: T0 - 10 * MINUTE,
    oomKilled: false,
    labels: {},
  }, fields);
}

export interface SandboxOptions {
  attempt?: number;
  state?: RuntimeState;
  /** Defaults to `172.17.0.2` while running; pass `ip: undefined` for a sandbox that has none. */
  ip?: string | undefined;
  /** Defaults to `sb<attempt>`. */
  id?: string;
}

/** A pause container; by default the running sandbox `sb0` with IP 172.17.0.2. */
export function sandbox(options: SandboxOptions = {}): ObservedContainer {
  const attempt = options.attempt ?? 0;
  const state = options.state ?? 'running';
  const ip = 'ip' in options ? options.ip : state === 'running' ? SANDBOX_IP : undefined;
  return observed('sandbox', 'POD', attempt, {
    id: options.id ?? `sb${attempt}`,
    state,
    // Later attempts were created later.
    createdAt: T0 - 20 * MINUTE + attempt * MINUTE,
    startedAt: state === 'created' ? undefined : T0 - 20 * MINUTE + attempt * MINUTE,
    finishedAt: state === 'exited' ? T0 - MINUTE : undefined,
    exitCode: state === 'exited' ? 0 : undefined,
    ip,
  });
}

export interface ContainerOptions {
  attempt?: number;
  state?: RuntimeState;
  /** Exited only; defaults to 0. */
  exitCode?: number;
  oomKilled?: boolean;
  /** Defaults to `sb0`. */
  sandboxId?: string;
  /** Exited only; defaults to 30 s before T0. */
  finishedAt?: number;
  /** Defaults to 10 s before finishedAt when exited, to 1 min before T0 when running; none when only created. */
  startedAt?: number;
  /** Defaults to `specHashOf(name)`: the spec the pod wants. */
  specHash?: string;
  /** Defaults to `<name>-<attempt>`. */
  id?: string;
}

function containerFields(name: string, defaultState: RuntimeState, options: ContainerOptions): ContainerOverrides {
  const state = options.state ?? defaultState;
  const finishedAt = state === 'exited' ? (options.finishedAt ?? T0 - 30 * SECOND) : options.finishedAt;
  const startedAt =
    options.startedAt ?? (state === 'exited' ? finishedAt! - 10 * SECOND : state === 'running' ? T0 - MINUTE : undefined);
  return {
    id: options.id ?? `${name}-${options.attempt ?? 0}`,
    state,
    sandboxId: options.sandboxId ?? 'sb0',
    createdAt: (startedAt ?? T0 - MINUTE) - SECOND,
    startedAt,
    finishedAt,
    exitCode: state === 'exited' ? (options.exitCode ?? 0) : options.exitCode,
    oomKilled: options.oomKilled ?? false,
    specHash: options.specHash ?? specHashOf(name),
  };
}

/** An app container instance; by default attempt 0, running in `sb0`. */
export function app(name: string, options: ContainerOptions = {}): ObservedContainer {
  return observed('app', name, options.attempt ?? 0, containerFields(name, 'running', options));
}

/** An init container instance; by default attempt 0 in `sb0`, exited 0 (completed). */
export function init(name: string, options: ContainerOptions = {}): ObservedContainer {
  return observed('init', name, options.attempt ?? 0, containerFields(name, 'exited', options));
}

/** A probe with the API defaults (exec `true`, period 10, timeout 1, thresholds 1/3). */
export function makeProbe(overrides: Partial<Probe> = {}): Probe {
  return { exec: { command: ['true'] }, initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...overrides };
}
