import type { PodFacts } from '../api/pod-facts.js';
import type { PodStatus } from '../api/pod-status-types.js';
import { toRfc3339 } from '../api/rfc3339.js';
import type { TerminationMessages } from '../executor/termination-messages.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import type { PodMetrics } from '../metrics/metrics.js';
import type { ProbeManager } from '../probes/probe-manager.js';
import type { ObservedPod } from '../runtime/observed-pod.js';
import { currentSandboxView } from '../status/current-sandbox-view.js';
import type { EventRecorder } from '../status/event-recorder.js';
import { generatePodStatus } from '../status/generate-pod-status.js';
import { type ContainerStartResult, ReasonCache } from '../status/reason-cache.js';
import type { StatusStore } from '../status/status-store.js';

export interface PodStatusPublisherDeps {
  store: StatusStore;
  events: EventRecorder;
  terminationMessages: TerminationMessages;
  /** Readiness and startup results in, probe workers following the containers out (absent in tests). */
  probes?: ProbeManager;
  /** Pod start latency and restarts (absent in tests). */
  metrics?: PodMetrics;
  clock: { now(): number; hostIP(): string };
}

/** A refusal (no container statuses) or an eviction (statuses kept), as the plan decided it. */
export interface PodFailureShown {
  reason: string;
  message: string;
  keepContainerStatuses: boolean;
}

/**
 * The kubelet's status manager for this agent: after each sync, the pod's status generated from
 * what the engine has, the sync's results (the reason cache) and the plan's pod-level outcome,
 * stored for the API and reported to metrics. Everything a pod leaves behind is forgotten with it.
 */
export class PodStatusPublisher {
  private readonly reasons = new ReasonCache();

  constructor(private readonly deps: PodStatusPublisherDeps) {}

  get events(): EventRecorder {
    return this.deps.events;
  }

  /** What the status shows now (undefined before the first publish). */
  shown(uid: string) {
    return this.deps.store.get(uid)?.status;
  }

  /** A sync's start results: each start's error shows until a later start succeeds. */
  recordStarts(uid: string, starts: readonly ContainerStartResult[]): void {
    this.reasons.update(uid, starts);
  }

  async publish(desired: DesiredPod, facts: PodFacts, observed: ObservedPod, failure?: PodFailureShown): Promise<void> {
    const { pod } = desired;
    const uid = pod.metadata.uid;
    const now = () => this.deps.clock.now();
    await this.deps.terminationMessages.fill(pod, observed.containers);
    const previous = this.deps.store.get(uid);
    const createdAtMs = previous?.createdAtMs ?? observed.createdAtMs ?? now();
    const view = currentSandboxView(pod, observed.containers, this.reasons.get(uid));
    // Probe workers follow the containers seen here: started for new ones, stopped for gone ones.
    if (!failure) this.deps.probes?.update(pod, observed);
    const { probes } = this.deps;
    const status = generatePodStatus({
      pod,
      containers: view.containers,
      reasonCache: view.reasonCache,
      ...(probes ? { readiness: probes.readiness(uid), started: probes.started(uid) } : {}),
      hostIP: this.deps.clock.hostIP(),
      startTimeMs: createdAtMs,
      ...(previous ? { previous: previous.status } : {}),
      nowMs: now(),
      qosClass: facts.qosClass,
      ...(failure ? { failure } : {}),
    });
    this.deps.store.set(uid, { pod, file: desired.file, status, containers: [...observed.containers], createdAtMs });
    this.deps.metrics?.podPublished({
      uid, previous: previous?.status, status, containerCount: pod.spec.containers.length, createdAtMs, events: this.deps.events.list(uid), nowMs: now(),
    });
  }

  /** A status shown as it is, not generated: a pod terminal in the API whose status the agent lost (node mode). */
  adopt(desired: DesiredPod, observed: ObservedPod, status: PodStatus): void {
    const { pod } = desired;
    const startMs = status.startTime ? Date.parse(status.startTime) : NaN;
    const createdAtMs = Number.isFinite(startMs) ? startMs : (observed.createdAtMs ?? this.deps.clock.now());
    this.deps.store.set(pod.metadata.uid, { pod, file: desired.file, status, containers: [...observed.containers], createdAtMs });
  }

  /** Shown as Terminating while the containers get their grace period. */
  terminating(uid: string): void {
    const record = this.deps.store.get(uid);
    if (!record || record.pod.metadata.deletionTimestamp) return;
    const deletionTimestamp = toRfc3339(this.deps.clock.now());
    this.deps.store.set(uid, { ...record, pod: { ...record.pod, metadata: { ...record.pod.metadata, deletionTimestamp } } });
  }

  /** A pod admitted again after a touch starts over: its refused status must not stick. */
  clearFailed(uid: string): void {
    if (this.deps.store.get(uid)?.status.phase === 'Failed') this.deps.store.delete(uid);
  }

  /** `namespace/name` of the pod as last shown. */
  keyOf(uid: string): string | undefined {
    const pod = this.deps.store.get(uid)?.pod;
    return pod ? `${pod.metadata.namespace}/${pod.metadata.name}` : undefined;
  }

  forget(uid: string): void {
    this.deps.probes?.removePod(uid);
    this.deps.terminationMessages.forget(uid);
    this.reasons.forget(uid);
    this.deps.store.delete(uid);
    this.deps.events.forget(uid);
    this.deps.metrics?.podGone(uid);
  }
}
