import { hostPortsOf } from '../admission/admit-pod.js';
import type { AdmissionDecision } from '../admission/pod-admission.js';
import type { PodFacts } from '../api/pod-facts.js';
import type { PodStatus } from '../api/pod-status-types.js';
import type { Pod } from '../api/pod-types.js';
import type { ProbeResult } from '../probes/probe-result.js';
import type { TerminalPhase } from '../manifests/desired-pod.js';
import type { ObservedPod } from '../runtime/observed-pod.js';
import type { BackOffPolicy } from '../shared/backoff.js';
import type { BackOffReader } from '../shared/backoff-store.js';
import { computePodActions } from './compute-pod-actions.js';
import type { PodActions } from './pod-actions.js';

export interface PodPlanInput {
  /** The pod the manifests ask for under this UID; undefined: its manifest is gone. */
  pod: Pod | undefined;
  facts: PodFacts | undefined;
  observed: ObservedPod;
  /** A pod of the same name with containers and no manifest (an old version): this one waits for it. */
  olderSameName: string | undefined;
  /** The admission decision; undefined until the pod was decided (treated as admitted). */
  admission: AdmissionDecision | undefined;
  /** Host ports of the pod found in use on the host, looked at only when `needsHostPortCheck`. */
  busyHostPorts: readonly string[];
  /** The eviction message of an evicted pod. */
  eviction: string | undefined;
  /** Terminal in the API (node mode): the pod never runs again; its containers are kept. */
  terminal?: TerminalPhase | undefined;
  /** The status shown since the last sync: a refusal or eviction is announced once; its startTime starts the active deadline. */
  shown: PodStatus | undefined;
  backOff: BackOffReader;
  backOffPolicy: BackOffPolicy;
  nowMs: number;
  liveness?: ReadonlyMap<string, ProbeResult>;
  startup?: ReadonlyMap<string, ProbeResult>;
}

/** A refusal or eviction, shown as phase Failed with this reason and message. */
export interface PodFailure {
  reason: string;
  message: string;
  /** Announce it (a Warning event and a log line): it is not what the status shows yet. */
  announce: boolean;
}

/**
 * The one decision for a pod per sync (kubelet `syncPod` + `computePodActions`): what happens to
 * the pod as a whole, and within `run`, to each of its containers.
 */
export type PodPlan =
  /** Its manifest is gone: kill and remove everything, forget it. */
  | { kind: 'terminate' }
  /** kubelet `allowStaticPodStart`: one UID per full name; wait for the older pod to go. */
  | { kind: 'wait-for-name'; blocker: string }
  /** kubelet `rejectPod`: never started; `fromHostPorts`: refused now for a host port in use. */
  | ({ kind: 'refuse'; fromHostPorts: boolean } & PodFailure)
  /** kubelet eviction manager `evictPod`: stopped (containers kept), volumes removed, never started again. */
  | ({ kind: 'evict'; stopRunning: boolean } & PodFailure)
  /** kubelet `activeDeadlineHandler`: active longer than activeDeadlineSeconds; stopped (containers kept), never started again. */
  | ({ kind: 'deadline'; stopRunning: boolean } & PodFailure)
  /** Terminal in the API (kubelet: a terminated pod is not started again): what still runs is stopped, containers kept. */
  | { kind: 'finished'; stopRunning: boolean; terminal: TerminalPhase }
  /** The pod runs: `actions` says what to kill, create and start; `firstSync` records `Scheduled`; sync again at `deadlineAtMs`. */
  | { kind: 'run'; actions: PodActions; firstSync: boolean; deadlineAtMs?: number };

const NODE_PORTS = 'NodePorts';
/** kubelet active_deadline.go. */
const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };

/**
 * Whether the sync must look at the host's ports before planning: an admitted pod about to start
 * its first container, with hostPorts (a process that is not a pod may hold one).
 */
export function needsHostPortCheck(pod: Pod, observed: ObservedPod, admission: AdmissionDecision | undefined): boolean {
  return admission?.admit === true && observed.containers.length === 0 && hostPortsOf(pod).length > 0;
}

export function planPod(input: PodPlanInput): PodPlan {
  const { pod, facts, observed } = input;
  if (!pod || !facts) return { kind: 'terminate' };
  if (input.terminal) return { kind: 'finished', stopRunning: observed.containers.some((c) => c.state === 'running'), terminal: input.terminal };
  if (input.olderSameName !== undefined) return { kind: 'wait-for-name', blocker: input.olderSameName };
  const refusal = refusalOf(input);
  if (refusal) return { kind: 'refuse', ...refusal, announce: isNew(refusal, input.shown) };
  if (input.eviction !== undefined) {
    const failure = { reason: 'Evicted', message: input.eviction };
    const stopRunning = observed.containers.some((c) => c.state === 'running');
    return { kind: 'evict', ...failure, stopRunning, announce: input.shown?.reason !== 'Evicted' };
  }
  const deadlineAtMs = activeDeadline(pod, input.shown);
  if (deadlineAtMs !== undefined && input.nowMs >= deadlineAtMs) {
    const stopRunning = observed.containers.some((c) => c.state === 'running');
    return { kind: 'deadline', ...DEADLINE_EXCEEDED, stopRunning, announce: input.shown?.reason !== DEADLINE_EXCEEDED.reason };
  }
  const actions = computePodActions({
    pod,
    observed,
    specHashes: facts.specHashes,
    legacySpecHashes: facts.legacySpecHashes,
    backOff: input.backOff,
    backOffPolicy: input.backOffPolicy,
    nowMs: input.nowMs,
    ...(input.liveness ? { liveness: input.liveness } : {}),
    ...(input.startup ? { startup: input.startup } : {}),
  });
  return { kind: 'run', actions, firstSync: input.shown === undefined, ...(deadlineAtMs !== undefined ? { deadlineAtMs } : {}) };
}

/**
 * kubelet `pastActiveDeadline`: when the pod's active deadline ends, counted from its startTime
 * (init containers included); undefined without activeDeadlineSeconds, before the pod started, or
 * once it has ended (Succeeded or Failed).
 */
function activeDeadline(pod: Pod, shown: PodStatus | undefined): number | undefined {
  const seconds = pod.spec.activeDeadlineSeconds;
  if (seconds === undefined || !shown?.startTime) return undefined;
  if (shown.phase === 'Succeeded' || (shown.phase === 'Failed' && shown.reason !== DEADLINE_EXCEEDED.reason)) return undefined;
  return Date.parse(shown.startTime) + seconds * 1000;
}

function refusalOf(input: PodPlanInput): { reason: string; message: string; fromHostPorts: boolean } | undefined {
  const { admission } = input;
  if (admission && !admission.admit) return { reason: admission.reason, message: admission.message, fromHostPorts: false };
  if (input.busyHostPorts.length === 0) return undefined;
  const message = `Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports (in use on the host: ${input.busyHostPorts.join(', ')})`;
  return { reason: NODE_PORTS, message, fromHostPorts: true };
}

function isNew(failure: { reason: string; message: string }, shown: PodStatus | undefined): boolean {
  return shown?.reason !== failure.reason || shown.message !== failure.message;
}
