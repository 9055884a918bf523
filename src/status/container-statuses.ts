import type { Container, Pod } from '../api/pod-types.js';
import type { ContainerState, ContainerStatus } from '../api/pod-status-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { containerIdOf, containerStateOf, criStateOf, imageIdOf } from './container-state.js';
import type { WaitingReason } from './waiting-reason.js';

export interface ContainerStatusesInput {
  pod: Pod;
  isInit: boolean;
  /** Observed instances of this kind, per container name, newest first. */
  instances: ReadonlyMap<string, readonly ObservedContainer[]>;
  /** Whether any app container of the pod exists in the engine (for lost init containers). */
  anyAppContainerCreated: boolean;
  previous: readonly ContainerStatus[] | undefined;
  reasonCache: ReadonlyMap<string, WaitingReason>;
}

const STATUS_UNKNOWN = 'ContainerStatusUnknown';

/**
 * kubelet `convertToAPIContainerStatuses` (pkg/kubelet/kubelet_pods.go): the newest instance is
 * `state`, the second newest `lastState`; a container with no instance waits with the default
 * reason; a container about to be restarted shows the reason cache's error. `ready` and `started`
 * are filled in later from the probe results. Init statuses keep spec order, app statuses are
 * sorted by name (kubetypes.SortedContainerStatuses).
 */
export function generateContainerStatuses(input: ContainerStatusesInput): ContainerStatus[] {
  const specs = input.isInit ? input.pod.spec.initContainers : input.pod.spec.containers;
  const oldByName = new Map((input.previous ?? []).map((s) => [s.name, s]));
  const statuses = specs.map((spec) => {
    const old = oldByName.get(spec.name);
    const instances = input.instances.get(spec.name) ?? [];
    const status = instances.length > 0 ? statusFromInstances(spec, instances, old) : statusWithoutInstance(spec, input, old);
    return applyReasonCache(status, spec, instances[0], input);
  });
  return input.isInit ? statuses : statuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function defaultWaiting(pod: Pod): ContainerState {
  return { waiting: { reason: pod.spec.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating' } };
}

function statusWithoutInstance(spec: Container, input: ContainerStatusesInput, old: ContainerStatus | undefined): ContainerStatus {
  if (old?.state.terminated) return structuredClone(old);
  const status: ContainerStatus = {
    name: spec.name,
    state: defaultWaiting(input.pod),
    lastState: old ? structuredClone(old.lastState) : {},
    ready: false,
    restartCount: old?.restartCount ?? 0,
    image: spec.image,
    imageID: '',
  };
  if (old?.state.running && !status.lastState.terminated) {
    // It was running and is gone: show it stopped, not waiting, so the pod does not fall back to Pending.
    status.lastState = {
      terminated: {
        exitCode: 137,
        reason: STATUS_UNKNOWN,
        message: 'The container could not be located when the pod was deleted.  The container used to be Running',
      },
    };
    status.restartCount += 1;
  }
  if (input.isInit && input.anyAppContainerCreated) {
    // A lost init container of a pod whose app containers exist did complete (static pods keep no status).
    status.state = {
      terminated: {
        exitCode: 0,
        reason: 'Completed',
        message: 'Unable to get init container status from container runtime and pod has been initialized, treat it as exited normally',
      },
    };
  }
  return status;
}

function statusFromInstances(spec: Container, instances: readonly ObservedContainer[], old: ContainerStatus | undefined): ContainerStatus {
  const newest = instances[0]!;
  const status = convertInstance(spec, newest, old);
  const second = instances[1];
  if (second) status.lastState = convertInstance(spec, second, old).state;
  return status;
}

function convertInstance(spec: Container, c: ObservedContainer, old: ContainerStatus | undefined): ContainerStatus {
  let state = containerStateOf(c);
  let restartCount = c.attempt;
  if (!state && old?.state.running) {
    state = {
      terminated: { exitCode: 137, reason: STATUS_UNKNOWN, message: 'The container could not be located when the pod was terminated' },
    };
    restartCount = old.restartCount + 1;
  }
  return {
    name: spec.name,
    state: state ?? { waiting: {} },
    lastState: {},
    ready: false,
    restartCount,
    image: c.image || spec.image,
    imageID: imageIdOf(c),
    containerID: containerIdOf(c),
  };
}

function applyReasonCache(
  status: ContainerStatus,
  spec: Container,
  newest: ObservedContainer | undefined,
  input: ContainerStatusesInput,
): ContainerStatus {
  // An init container that exited 0 is never restarted, and neither is one we inferred complete.
  if (input.isInit && status.state.terminated?.exitCode === 0) return status;
  if (!shouldContainerBeRestarted(input.pod, newest)) return status;
  const cached = input.reasonCache.get(spec.name);
  if (!cached) return status;
  if (status.state.terminated) status.lastState = status.state;
  status.state = { waiting: cached.message ? { reason: cached.reason, message: cached.message } : { reason: cached.reason } };
  return status;
}

/** kubelet `ShouldContainerBeRestarted` (pkg/kubelet/container/helpers.go), for the newest instance. */
export function shouldContainerBeRestarted(pod: Pod, newest: ObservedContainer | undefined): boolean {
  if (!newest) return true;
  const state = criStateOf(newest);
  if (state === 'running') return false;
  if (state === 'unknown' || state === 'created') return true;
  if (pod.spec.restartPolicy === 'Never') return false;
  if (pod.spec.restartPolicy === 'OnFailure') return (newest.exitCode ?? 0) !== 0;
  return true;
}
