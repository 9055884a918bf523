import { type Pod, isSidecar } from '../api/pod-types.js';
import type { ContainerStatus, PodCondition, PodConditionType, PodPhase, PodStatus } from '../api/pod-status-types.js';
import { toRfc3339 } from '../api/rfc3339.js';

type ConditionValue = Pick<PodCondition, 'type' | 'status' | 'reason' | 'message'>;

export interface PodConditionsInput {
  pod: Pod;
  phase: PodPhase;
  initStatuses: readonly ContainerStatus[];
  appStatuses: readonly ContainerStatus[];
  /** No new sandbox is needed: the newest sandbox runs and has its network. */
  sandboxReady: boolean;
  previous?: PodStatus | undefined;
  nowMs: number;
}

/**
 * The kubelet-owned conditions in the order `generateAPIPodStatus` appends them
 * (pkg/kubelet/status/generate.go), with `lastTransitionTime` kept from the previous status while
 * the condition's status does not flip (status manager `updateLastTransitionTime`).
 */
export function generatePodConditions(input: PodConditionsInput): PodCondition[] {
  const containersReady = containersReadyCondition(input);
  const values: ConditionValue[] = [
    { type: 'PodReadyToStartContainers', status: input.sandboxReady ? 'True' : 'False' },
    initializedCondition(input),
    { ...containersReady, type: 'Ready' },
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
  return values.map((v) => withTimes(v, input.previous, input.nowMs));
}

function withTimes(value: ConditionValue, previous: PodStatus | undefined, nowMs: number): PodCondition {
  const old = previous?.conditions.find((c) => c.type === value.type);
  const condition: PodCondition = {
    type: value.type,
    status: value.status,
    lastProbeTime: null,
    lastTransitionTime: old && old.status === value.status ? old.lastTransitionTime : toRfc3339(nowMs),
  };
  if (value.reason) condition.reason = value.reason;
  if (value.message) condition.message = value.message;
  return condition;
}

/** Go's `%s` of a []string: `[a b]`. */
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function containersReadyCondition(input: PodConditionsInput): ConditionValue {
  const type: PodConditionType = 'ContainersReady';
  if (input.phase === 'Succeeded') return { type, status: 'False', reason: 'PodCompleted' };
  if (input.phase === 'Failed') return { type, status: 'False', reason: 'PodFailed' };
  // Sidecars count as containers here (kubelet `GeneratePodReadyCondition`), before the app containers.
  const sidecars = input.pod.spec.initContainers.filter(isSidecar);
  const unready = [
    ...sidecars.filter((c) => !input.initStatuses.find((s) => s.name === c.name)?.ready),
    ...input.pod.spec.containers.filter((c) => !input.appStatuses.find((s) => s.name === c.name)?.ready),
  ].map((c) => c.name);
  if (unready.length === 0) return { type, status: 'True' };
  return { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${goList(unready)}` };
}

function initializedCondition(input: PodConditionsInput): ConditionValue {
  const type: PodConditionType = 'Initialized';
  if (input.phase === 'Succeeded') return { type, status: 'True', reason: 'PodCompleted' };
  // Any regular container that started means the pod was initialized before (HasAnyRegularContainerStarted).
  if (input.appStatuses.some((s) => s.state.running || s.state.terminated)) return { type, status: 'True' };
  // A regular init container is done when ready (exited 0); a sidecar when started.
  const incomplete = input.pod.spec.initContainers
    .filter((c) => {
      const s = input.initStatuses.find((x) => x.name === c.name);
      return isSidecar(c) ? !s?.started : !s?.ready;
    })
    .map((c) => c.name);
  if (incomplete.length === 0) return { type, status: 'True' };
  return {
    type,
    status: 'False',
    reason: 'ContainersNotInitialized',
    message: `containers with incomplete status: ${goList(incomplete)}`,
  };
}
