import type { Pod } from '../api/pod-types.js';
import type { PodPhase, PodStatus } from '../api/pod-status-types.js';
import { instancesByName, newestFirst } from '../runtime/container-instances.js';
import type { ObservedContainer } from '../runtime/types.js';
import { criStateOf } from './container-state.js';
import { generateContainerStatuses } from './container-statuses.js';
import { generatePodConditions } from './pod-conditions.js';
import { computePodPhase, isPhaseTerminal } from './pod-phase.js';
import { applyProbeResults } from './probe-status.js';
import { type QosClass, computeQosClass } from '../api/qos-class.js';
import { toRfc3339 } from '../api/rfc3339.js';
import type { WaitingReason } from './waiting-reason.js';

export type { WaitingReason } from './waiting-reason.js';
export { isPodTerminal } from './pod-phase.js';

export interface PodStatusInput {
  pod: Pod;
  /** every container of this pod the engine still has: sandboxes, init and app containers, all attempts */
  containers: readonly ObservedContainer[];
  /** per container name: the error of the last sync that tried to start it — the kubelet's reason cache */
  reasonCache: ReadonlyMap<string, WaitingReason>;
  /** per container name: readiness probe result; absent → ready when running, unless it has a readiness probe */
  readiness?: ReadonlyMap<string, boolean>;
  /** per container name: startup probe passed; absent → started when running, unless it has a startup probe */
  started?: ReadonlyMap<string, boolean>;
  hostIP: string;
  /** The pod's QoS class, when the caller derived it already. */
  qosClass?: QosClass;
  /** when the agent first admitted the pod (epoch ms) */
  startTimeMs?: number;
  /** the previous status, for sticky terminal phases and condition lastTransitionTime */
  previous?: PodStatus;
  nowMs: number;
  /**
   * The pod was refused at admission (kubelet `rejectPod`: no container statuses) or evicted
   * (`evictPod`: statuses kept): phase Failed with this reason and message.
   */
  failure?: { reason: string; message: string; keepContainerStatuses: boolean };
}

/**
 * The pod's API status from what the engine reports (kubelet `generateAPIPodStatus`,
 * pkg/kubelet/kubelet_pods.go), for a static pod. Pure: `nowMs` is only used for the
 * `lastTransitionTime` of conditions that flipped.
 */
export function generatePodStatus(input: PodStatusInput): PodStatus {
  const { pod, previous } = input;
  const initStatuses = containerStatusesOf(input, true);
  const appStatuses = containerStatusesOf(input, false);
  const phase = stickyPhase(computePodPhase(pod, initStatuses, appStatuses), previous?.phase);
  const sandbox = newestSandbox(input.containers);
  const sandboxRunning = sandbox !== undefined && criStateOf(sandbox) === 'running';
  // As `podIPOf`, over the containers status is computed from (the view may leave some out).
  const podIP = pod.spec.hostNetwork ? input.hostIP : sandboxRunning ? sandbox.ip : undefined;
  const conditions = generatePodConditions({
    pod,
    phase,
    initStatuses,
    appStatuses,
    sandboxReady: sandboxRunning && (pod.spec.hostNetwork || !!sandbox.ip),
    previous,
    nowMs: input.nowMs,
  });

  const status: PodStatus = { phase, conditions, initContainerStatuses: [], containerStatuses: [] };
  // Reason and message belong to the phase: kept while the phase does not change.
  if (previous && previous.phase === phase) {
    if (previous.message) status.message = previous.message;
    if (previous.reason) status.reason = previous.reason;
  }
  if (input.hostIP) {
    status.hostIP = input.hostIP;
    status.hostIPs = [{ ip: input.hostIP }];
  }
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  const startTime = input.startTimeMs !== undefined ? toRfc3339(input.startTimeMs) : previous?.startTime;
  if (startTime) status.startTime = startTime;
  status.initContainerStatuses = initStatuses;
  status.containerStatuses = appStatuses;
  status.qosClass = input.qosClass ?? computeQosClass(pod);
  const { failure } = input;
  if (failure) {
    status.phase = 'Failed';
    status.reason = failure.reason;
    status.message = failure.message;
    if (!failure.keepContainerStatuses) {
      status.initContainerStatuses = [];
      status.containerStatuses = [];
    }
  }
  return status;
}

function containerStatusesOf(input: PodStatusInput, isInit: boolean) {
  const statuses = generateContainerStatuses({
    pod: input.pod,
    isInit,
    instances: instancesByName(input.containers, isInit ? 'init' : 'app'),
    anyAppContainerCreated: input.containers.some((c) => c.kind === 'app' && criStateOf(c) !== 'unknown'),
    previous: isInit ? input.previous?.initContainerStatuses : input.previous?.containerStatuses,
    reasonCache: input.reasonCache,
  });
  return applyProbeResults(statuses, isInit ? input.pod.spec.initContainers : input.pod.spec.containers, isInit, input);
}

/** Terminal phases stick: a pod never leaves Succeeded or Failed (the kubelet's three-way merge). */
function stickyPhase(phase: PodPhase, previousPhase: PodPhase | undefined): PodPhase {
  if (!isPhaseTerminal(phase) && isPhaseTerminal(previousPhase)) return previousPhase!;
  return phase;
}

/** The kubelet reads pod IPs from the newest sandbox only, and only while it is ready. */
function newestSandbox(containers: readonly ObservedContainer[]): ObservedContainer | undefined {
  return containers.filter((c) => c.kind === 'sandbox').sort(newestFirst)[0];
}
