import type { Logger } from 'pino';
import { busyHostPorts } from '../admission/host-port-probe.js';
import type { PodAdmission } from '../admission/pod-admission.js';
import { type PodFacts, podFacts } from '../api/pod-facts.js';
import type { PodSyncer } from '../executor/pod-syncer.js';
import type { Pod } from '../api/pod-types.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { restoreBackOff } from '../planner/restore-backoff.js';
import { formatPodActions, isNoop } from '../planner/pod-actions.js';
import { type PodPlan, needsHostPortCheck, planPod } from '../planner/plan-pod.js';
import type { ProbeManager } from '../probes/probe-manager.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { isPhaseTerminal } from '../status/pod-phase.js';
import { type ObservedPod, observePod } from '../runtime/observed-pod.js';
import type { ObservedContainer, RuntimeEvent } from '../runtime/types.js';
import type { BackOffStore } from '../shared/backoff-store.js';
import type { PodEvictions } from '../volumes/pod-evictions.js';
import { OomKillWatch } from './oom-kill-watch.js';
import type { PodStatusPublisher } from './pod-status-publisher.js';
import type { DeletionGrace } from './deletion-grace.js';

export interface PodSyncDeps {
  runtime: ContainerRuntime;
  syncer: PodSyncer;
  status: PodStatusPublisher;
  /** What the plan reads besides the pod and its containers. */
  inputs: { backOff: BackOffStore; admission: PodAdmission; probes?: ProbeManager; evictions?: PodEvictions; deletionGrace?: DeletionGrace };
  log: Logger;
  now: () => number;
  /** Counts OOM kills from the containers' cgroups; without it, each Docker `oom` event is one kill. */
  oomKills?: OomKillWatch;
}

function hasProjectedVolumes(pod: DesiredPod['pod']): boolean {
  return pod.spec.volumes.some((v) => v.configMap ?? v.secret ?? v.downwardAPI ?? v.projected);
}

/** What the sync loop knows of a pod beyond its containers. */
export interface PodSyncRequest {
  uid: string;
  desired: DesiredPod | undefined;
  /** A pod of the same name with containers and no manifest: the desired one waits for it. */
  olderSameName: string | undefined;
  /** A pod being removed with a grace period of its own (an API pod's `deletionGracePeriodSeconds`). */
  graceSeconds?: number;
}

/** What the sync loop must do after a sync: wake other pods, sync this one again later. */
export interface PodSyncOutcome {
  observed: ObservedPod;
  /** Pods to sync now (the older pod this one waits for). */
  wake: string[];
  requeueAtMs: number[];
  /** The pod is gone: containers, files and state; `namespace/name` is free for a replacement. */
  freedName?: string | undefined;
}

/**
 * One pod's sync (kubelet `syncPod`): observe its containers, plan once (`planPod`), carry the plan
 * out (`PodSyncer`), publish the status computed from what is observed, planned and done.
 */
export class PodSync {
  private readonly oomKills: OomKillWatch;

  constructor(private readonly deps: PodSyncDeps) {
    this.oomKills = deps.oomKills ?? new OomKillWatch({ cgroupVersion: 1, agentStartMs: 0, record: (uid, event) => deps.status.events.record(uid, event) });
  }

  /** The pod's containers now; `listed`: as a relist listed them, with nothing changed since (`RelistSnapshots`). */
  async observe(uid: string, listed?: readonly ObservedContainer[]): Promise<ObservedPod> {
    return observePod(uid, listed ?? (await this.deps.runtime.listContainers({ podUid: uid })));
  }

  async sync(request: PodSyncRequest, observed: ObservedPod): Promise<PodSyncOutcome> {
    const { desired, uid } = request;
    const { inputs } = this.deps;
    const pod = desired?.pod;
    const facts = pod ? podFacts(pod) : undefined;
    const admission = inputs.admission.decision(uid);
    if (pod && facts) {
      for (const [key, entry] of restoreBackOff(pod, observed, facts.specHashes, inputs.backOff)) inputs.backOff.restore(key, entry);
    }
    const plan = planPod({
      pod, facts, observed, admission,
      olderSameName: request.olderSameName,
      busyHostPorts: pod && needsHostPortCheck(pod, observed, admission) ? await busyHostPorts(pod) : [],
      eviction: inputs.evictions?.get(uid),
      terminal: desired?.terminal,
      shown: this.deps.status.shown(uid),
      backOff: inputs.backOff,
      backOffPolicy: inputs.backOff.policy,
      nowMs: this.deps.now(),
      ...(inputs.probes ? { liveness: inputs.probes.liveness(uid), startup: inputs.probes.startup(uid) } : {}),
    });
    if (plan.kind === 'terminate') return this.terminate(uid, observed, request.graceSeconds);
    return this.carryOut(plan, desired!, facts!, observed);
  }

  /** The pod is going away: a postStart hook that hangs must not hold its deletion. */
  cancelPostStart(uid: string): void {
    this.deps.syncer.cancelPostStart(uid);
  }

  /** A container died: its probes stop now, not when the pod's worker next gets to it. */
  containerStopped(uid: string, containerId: string): void {
    this.deps.inputs.probes?.containerStopped(uid, containerId);
  }

  /** Admitted again after a touch, with no containers: the pod starts over, its refused status must not stick. */
  readmitted(uid: string): void {
    this.deps.status.clearFailed(uid);
  }

  /** Docker's `oom` event: a Warning on the pod naming the container (the status shows OOMKilled once it exits). */
  async recordOom(event: RuntimeEvent, desired: DesiredPod | undefined): Promise<void> {
    const c = await this.deps.runtime.inspectContainer(event.containerId).catch(() => undefined);
    if (c) await this.oomKills.engineOom(c, desired?.pod);
  }

  /** A relist's full list: OOM kills the engine did not tell of are read from the cgroups (`OomKillWatch`). */
  relisted(containers: readonly ObservedContainer[], podOf: (uid: string) => Pod | undefined): Promise<void> {
    return this.oomKills.relisted(containers, podOf);
  }

  private async carryOut(plan: Exclude<PodPlan, { kind: 'terminate' }>, desired: DesiredPod, facts: PodFacts, observed: ObservedPod): Promise<PodSyncOutcome> {
    const uid = desired.pod.metadata.uid;
    const { status, syncer, inputs } = this.deps;
    const outcome: PodSyncOutcome = { observed, wake: [], requeueAtMs: [] };
    switch (plan.kind) {
      case 'wait-for-name':
        outcome.wake.push(plan.blocker);
        await status.publish(desired, facts, observed);
        return outcome;
      case 'refuse':
        if (plan.fromHostPorts) inputs.admission.refuse(uid, plan.reason, plan.message);
        if (plan.announce) {
          status.events.record(uid, { type: 'Warning', reason: plan.reason, message: plan.message });
          this.deps.log.warn({ pod: facts.key, podUid: uid, reason: plan.reason, message: plan.message }, 'Refused pod at admission');
        }
        await status.publish(desired, facts, observed, { reason: plan.reason, message: plan.message, keepContainerStatuses: false });
        return outcome;
      case 'evict':
      case 'deadline': {
        inputs.probes?.removePod(uid);
        // kubelet: a Warning `Evicted` from the eviction manager, a Normal `DeadlineExceeded` from active_deadline.go.
        if (plan.announce) status.events.record(uid, { type: plan.kind === 'evict' ? 'Warning' : 'Normal', reason: plan.reason, message: plan.message });
        if (plan.stopRunning) {
          this.deps.log.info({ pod: facts.key, podUid: uid, reason: plan.reason }, 'Stopping pod');
          await syncer.killPod(uid, observed.containers, { remove: false });
          outcome.observed = await this.observe(uid);
        }
        if (plan.kind === 'evict') await inputs.evictions?.removeVolumes(uid);
        await status.publish(desired, facts, outcome.observed, { reason: plan.reason, message: plan.message, keepContainerStatuses: true });
        return outcome;
      }
      case 'finished':
        return this.finished(plan, desired, facts, outcome);
      case 'run':
        return this.run(plan, desired, facts, outcome);
    }
  }

  /**
   * Terminal in the API: probes stop, what still runs is stopped, the containers stay (the
   * kubelet's container GC keeps a terminated pod's until the pod is deleted: `kubectl logs`
   * works). A status already terminal stands; one lost with an agent restart is the API's.
   */
  private async finished(plan: Extract<PodPlan, { kind: 'finished' }>, desired: DesiredPod, facts: PodFacts, outcome: PodSyncOutcome): Promise<PodSyncOutcome> {
    const uid = desired.pod.metadata.uid;
    this.deps.inputs.probes?.removePod(uid);
    if (plan.stopRunning) {
      this.deps.log.info({ pod: facts.key, podUid: uid, phase: plan.terminal.phase }, 'Stopping pod: it is terminal in the API');
      await this.deps.syncer.killPod(uid, outcome.observed.containers, { remove: false });
      outcome.observed = await this.observe(uid);
    }
    if (isPhaseTerminal(this.deps.status.shown(uid)?.phase)) return outcome;
    // Made again from the containers, it could say Pending or Running (they may be gone, or an
    // Always pod's): the API's terminal status is shown as it is.
    this.deps.status.adopt(desired, outcome.observed, plan.terminal.status);
    return outcome;
  }

  private async run(plan: Extract<PodPlan, { kind: 'run' }>, desired: DesiredPod, facts: PodFacts, outcome: PodSyncOutcome): Promise<PodSyncOutcome> {
    const { pod } = desired;
    const uid = pod.metadata.uid;
    const { actions } = plan;
    if (plan.firstSync) {
      this.deps.status.events.record(uid, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${facts.key} to ${this.deps.inputs.admission.nodeName}` });
      // As the kubelet's syncPod sets the status before it acts: the pod shows (Pending,
      // ContainerCreating) while its first sync pulls images and starts containers.
      if (!this.deps.status.shown(uid)) await this.deps.status.publish(desired, facts, outcome.observed);
    }
    if (actions.requeueAtMs !== undefined) outcome.requeueAtMs.push(actions.requeueAtMs);
    if (plan.deadlineAtMs !== undefined) outcome.requeueAtMs.push(plan.deadlineAtMs);
    if (hasProjectedVolumes(pod)) await this.deps.syncer.refreshVolumes(pod, facts);
    if (!isNoop(actions) || actions.waiting.length > 0) {
      if (!isNoop(actions)) this.deps.log.debug({ pod: facts.key, podUid: uid, actions: formatPodActions(actions) }, 'Computed pod actions');
      const result = await this.deps.syncer.syncPod(pod, facts, actions, outcome.observed);
      this.deps.status.recordStarts(uid, result.starts);
      if (result.retryAtMs !== undefined) outcome.requeueAtMs.push(result.retryAtMs);
      if (!isNoop(actions)) outcome.observed = await this.observe(uid);
    }
    await this.deps.status.publish(desired, facts, outcome.observed);
    return outcome;
  }

  private async terminate(uid: string, observed: ObservedPod, requestedGrace: number | undefined): Promise<PodSyncOutcome> {
    const { status } = this.deps;
    const key = status.keyOf(uid) ?? observed.fullName;
    this.deps.inputs.probes?.removePod(uid);
    status.terminating(uid);
    if (observed.containers.length > 0) {
      this.deps.log.info({ pod: observed.fullName, podUid: uid }, 'Killing pod: its manifest is gone');
      // A delete's own grace period (`deletionGracePeriodSeconds`: node mode's API pods, or `kubectl
      // delete --grace-period` through the agent's API) replaces the pod's, as the kubelet's does.
      const graceSeconds = requestedGrace ?? this.deps.inputs.deletionGrace?.take(uid);
      await this.deps.syncer.killPod(uid, observed.containers, { remove: true, ...(graceSeconds !== undefined ? { graceSeconds } : {}) });
    } else {
      await this.deps.syncer.removePodFiles(uid);
    }
    this.deps.inputs.evictions?.forget(uid);
    this.deps.inputs.backOff.forget(uid);
    status.forget(uid);
    return { observed, wake: [], requeueAtMs: [], freedName: key };
  }
}
