import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Container, Pod } from '../api/pod-types.js';
import { podKey } from '../api/pod-types.js';
import type { PodSyncer } from '../executor/pod-syncer.js';
import type { TerminationMessages } from '../executor/termination-messages.js';
import { computePodActions } from '../planner/compute-pod-actions.js';
import { restoreBackOff } from '../planner/restore-backoff.js';
import type { BackOffEntry, BackOffPolicy } from '../planner/crash-loop-backoff.js';
import { formatPodActions, isNoop } from '../planner/pod-actions.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { ObservedContainer, RuntimeEvent } from '../runtime/types.js';
import type { EventRecorder } from '../status/event-recorder.js';
import { currentSandboxView } from '../status/current-sandbox-view.js';
import { generatePodStatus } from '../status/generate-pod-status.js';
import type { StatusStore } from '../status/status-store.js';
import { hostPortsOf } from '../admission/admit-pod.js';
import { busyHostPorts } from '../admission/host-port-probe.js';
import type { PodAdmission } from '../admission/pod-admission.js';
import type { PodMetrics } from '../metrics/metrics.js';
import type { ProbeManager } from '../probes/probe-manager.js';
import { makeOomEvent } from '../status/oom-event.js';
import type { PodEvictions } from '../volumes/pod-evictions.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { PodWorkers } from './pod-workers.js';

export interface SyncLoopDeps {
  runtime: ContainerRuntime;
  syncer: PodSyncer;
  store: StatusStore;
  events: EventRecorder;
  log: Logger;
  now: () => number;
  nodeName: string;
  hostIP: () => string;
  rootDir: string;
  /** Crash-loop back-off entries; entries lost with an agent restart are restored from labels. */
  backOff: Map<string, BackOffEntry>;
  terminationMessages: TerminationMessages;
  backOffPolicy: BackOffPolicy;
  hashContainer: (c: Container) => string;
  /** Requeue after a failed sync (kubelet: 10 s). */
  retryMs: number;
  /** Pod start latency and restarts, for /metrics (absent in tests). */
  metrics?: PodMetrics;
  admission: PodAdmission;
  /** Liveness, readiness and startup probes (absent in tests that do not need them). */
  probes?: ProbeManager;
  /** Pods evicted for an emptyDir over its sizeLimit (absent in tests that do not need them). */
  evictions?: PodEvictions;
}

/**
 * Where the manifest source, runtime events and the relist meet (kubelet `syncLoopIteration`):
 * each input only says which pods to look at; the pod workers then sync each pod on its own,
 * serialized, computing a plan from the desired pod and the observed containers.
 */
export class SyncLoop {
  private desired = new Map<string, DesiredPod>();
  /** Pods the engine has containers of, by UID → `namespace/name` (from the last observation). */
  private readonly live = new Map<string, string>();
  /** Oldest container creation per live pod: its place in the admission order after an agent restart. */
  private readonly liveSince = new Map<string, number>();
  private readonly workers: PodWorkers;

  constructor(private readonly deps: SyncLoopDeps) {
    this.workers = new PodWorkers((uid) => this.syncPod(uid), deps.log, deps.retryMs, deps.now);
  }

  /** A new full snapshot of desired pods: sync what was added or removed. */
  setDesired(pods: readonly DesiredPod[]): void {
    const next = new Map(pods.map((d) => [d.pod.metadata.uid, d]));
    const changed = new Set<string>();
    for (const uid of next.keys()) {
      if (this.desired.has(uid)) continue;
      changed.add(uid);
      this.deps.metrics?.podSeen(uid, this.deps.now());
    }
    for (const uid of this.desired.keys()) {
      if (next.has(uid)) continue;
      changed.add(uid);
      // A postStart hook that hangs must not hold the pod's deletion.
      this.deps.syncer.cancelPostStart(uid);
    }
    this.desired = next;
    const decided = this.deps.admission.update(
      pods.map((d) => {
        const uid = d.pod.metadata.uid;
        return { pod: d.pod, live: this.live.has(uid), firstSeenMs: this.liveSince.get(uid) ?? d.firstSeenMs, fileMtimeMs: d.fileMtimeMs };
      }),
    );
    for (const uid of decided) {
      changed.add(uid);
      // A pod admitted again after a touch starts over: its refused status must not stick.
      if (this.deps.admission.decision(uid)?.admit && this.deps.store.get(uid)?.status.phase === 'Failed' && !this.live.has(uid)) {
        this.deps.store.delete(uid);
      }
    }
    for (const uid of changed) this.workers.enqueue(uid);
  }

  /** Notes which pods already have containers, before the first desired set is admitted. */
  async observeLive(): Promise<void> {
    for (const c of await this.deps.runtime.listContainers()) {
      this.live.set(c.podUid, `${c.podNamespace}/${c.podName}`);
      this.liveSince.set(c.podUid, Math.min(this.liveSince.get(c.podUid) ?? Infinity, c.createdAt));
    }
  }

  onRuntimeEvent(event: RuntimeEvent): void {
    if (event.action === 'oom') void this.recordOom(event);
    // Its probes stop now, not when the pod's worker next gets to it (a sync may be busy starting others).
    if (event.action === 'die') this.deps.probes?.containerStopped(event.podUid, event.containerId);
    if (event.podUid) this.workers.enqueue(event.podUid);
  }

  /** The pod was just evicted (`PodEvictions` holds why): its worker kills it. */
  onEviction(podUid: string): void {
    this.workers.enqueue(podUid);
  }

  /** A cached probe result changed (the prober only records; the pod worker decides). */
  onProbeResult(podUid: string): void {
    this.workers.enqueue(podUid);
  }

  /** The safety net: look at every pod the engine or the manifests know of. */
  async relist(): Promise<void> {
    const all = await this.deps.runtime.listContainers();
    const seen = new Map<string, string>();
    for (const c of all) seen.set(c.podUid, `${c.podNamespace}/${c.podName}`);
    this.live.clear();
    for (const [uid, key] of seen) this.live.set(uid, key);
    // kubelet housekeeping `cleanupOrphanedPodDirs`: a pod directory with neither a manifest nor
    // containers (its pod went while the agent was down) is removed, tmpfs mounts and cgroup too.
    const onDisk = await readdir(path.join(this.deps.rootDir, 'pods')).catch(() => [] as string[]);
    for (const uid of new Set([...seen.keys(), ...this.desired.keys(), ...onDisk])) this.workers.enqueue(uid);
  }

  idle(): Promise<void> {
    return this.workers.idle();
  }

  stop(): void {
    this.workers.stop();
  }

  private async syncPod(uid: string): Promise<void> {
    const desired = this.desired.get(uid);
    const observed = await this.deps.runtime.listContainers({ podUid: uid });
    this.noteLive(uid, observed);
    if (!desired) return this.terminate(uid, observed);
    const { pod } = desired;
    const blocker = this.olderPodWithSameName(pod);
    if (blocker) {
      // kubelet `allowStaticPodStart`: one UID per full name; the new pod waits for the old one to go.
      this.workers.enqueue(blocker);
      await this.publish(desired, observed);
      return;
    }
    if (!(await this.admitted(desired, observed))) return;
    const eviction = this.deps.evictions?.get(uid);
    if (eviction !== undefined) return this.syncEvicted(desired, observed, eviction);
    const specHashes = new Map([...pod.spec.initContainers, ...pod.spec.containers].map((c) => [c.name, this.deps.hashContainer(c)]));
    if (!this.deps.store.get(uid)) {
      this.deps.events.record(uid, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${podKey(pod)} to ${this.deps.nodeName}` });
    }
    for (const [key, entry] of restoreBackOff(pod, observed, specHashes, this.deps.backOff)) this.deps.backOff.set(key, entry);
    const actions = computePodActions({
      pod, containers: observed, specHashes, backOff: this.deps.backOff, backOffPolicy: this.deps.backOffPolicy, nowMs: this.deps.now(),
      liveness: this.deps.probes?.liveness(uid), startup: this.deps.probes?.startup(uid),
    });
    let current = observed;
    let retryAt: number | undefined;
    if (!isNoop(actions)) {
      this.deps.log.debug({ pod: podKey(pod), podUid: uid, actions: formatPodActions(actions) }, 'Computed pod actions');
      retryAt = await this.deps.syncer.syncPod(pod, actions, observed);
      current = await this.deps.runtime.listContainers({ podUid: uid });
      this.noteLive(uid, current);
    } else if (actions.waiting.length > 0) {
      await this.deps.syncer.syncPod(pod, actions, observed);
    }
    for (const at of [actions.requeueAtMs, retryAt]) if (at !== undefined) this.workers.enqueueAt(uid, at);
    await this.publish(desired, current);
  }

  private async terminate(uid: string, observed: readonly ObservedContainer[]): Promise<void> {
    this.deps.probes?.removePod(uid);
    const record = this.deps.store.get(uid);
    if (record && !record.pod.metadata.deletionTimestamp) {
      // Shown as Terminating while the containers get their grace period.
      const deletionTimestamp = new Date(this.deps.now()).toISOString().replace(/\.\d+Z$/, 'Z');
      this.deps.store.set(uid, { ...record, pod: { ...record.pod, metadata: { ...record.pod.metadata, deletionTimestamp } } });
    }
    if (observed.length > 0) {
      const c = observed[0]!;
      this.deps.log.info({ pod: `${c.podNamespace}/${c.podName}`, podUid: uid }, 'Killing pod: its manifest is gone');
      await this.deps.syncer.killPod(uid, observed, { remove: true });
    } else {
      await this.deps.syncer.removePodFiles(uid);
    }
    this.deps.evictions?.forget(uid);
    this.live.delete(uid);
    this.deps.terminationMessages.forget(uid);
    this.deps.store.delete(uid);
    this.deps.events.forget(uid);
    this.deps.metrics?.podGone(uid);
    // Wake a replacement waiting for this name.
    const key = record ? podKey(record.pod) : observed[0] ? `${observed[0].podNamespace}/${observed[0].podName}` : undefined;
    for (const [other, d] of this.desired) if (podKey(d.pod) === key) this.workers.enqueue(other);
  }

  /**
   * Whether the pod may run. A refused pod is never started: it shows phase Failed with the
   * admission reason, and a Warning event. A pod about to start its first container also has its
   * hostPorts checked against the host (a non-pod process may hold one).
   */
  private async admitted(desired: DesiredPod, observed: ObservedContainer[]): Promise<boolean> {
    const uid = desired.pod.metadata.uid;
    let decision = this.deps.admission.decision(uid);
    if (decision?.admit && observed.length === 0 && hostPortsOf(desired.pod).length > 0) {
      const busy = await busyHostPorts(desired.pod);
      if (busy.length > 0) {
        this.deps.admission.refuse(uid, 'NodePorts', `Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports (in use on the host: ${busy.join(', ')})`);
        decision = this.deps.admission.decision(uid);
      }
    }
    if (!decision || decision.admit) return true;
    const shown = this.deps.store.get(uid)?.status;
    if (shown?.reason !== decision.reason || shown.message !== decision.message) {
      this.deps.events.record(uid, { type: 'Warning', reason: decision.reason, message: decision.message });
      this.deps.log.warn({ pod: podKey(desired.pod), podUid: uid, reason: decision.reason, message: decision.message }, 'Refused pod at admission');
    }
    await this.publish(desired, observed, { reason: decision.reason, message: decision.message });
    return false;
  }

  /**
   * An evicted pod (kubelet eviction manager `evictPod`): its containers are stopped (kept for
   * their logs and statuses), its volumes removed, and it stays Failed with reason Evicted; it is
   * never started again. A Warning `Evicted` event is recorded once.
   */
  private async syncEvicted(desired: DesiredPod, observed: ObservedContainer[], message: string): Promise<void> {
    const uid = desired.pod.metadata.uid;
    this.deps.probes?.removePod(uid);
    if (this.deps.store.get(uid)?.status.reason !== 'Evicted') this.deps.events.record(uid, { type: 'Warning', reason: 'Evicted', message });
    let current = observed;
    if (observed.some((c) => c.state === 'running')) {
      await this.deps.syncer.killPod(uid, observed, { remove: false });
      current = await this.deps.runtime.listContainers({ podUid: uid });
    }
    await this.deps.evictions?.removeVolumes(uid);
    await this.publish(desired, current, undefined, { reason: 'Evicted', message });
  }

  /** Docker's `oom` event: a Warning on the pod naming the container (the status shows OOMKilled once it exits). */
  private async recordOom(event: RuntimeEvent): Promise<void> {
    const c = await this.deps.runtime.inspectContainer(event.containerId).catch(() => undefined);
    if (!c || c.kind === 'sandbox') return;
    this.deps.events.record(c.podUid, makeOomEvent(c, this.desired.get(c.podUid)?.pod));
  }

  private olderPodWithSameName(pod: Pod): string | undefined {
    const key = podKey(pod);
    for (const [uid, liveKey] of this.live) if (uid !== pod.metadata.uid && liveKey === key && !this.desired.has(uid)) return uid;
    return undefined;
  }

  private noteLive(uid: string, observed: readonly ObservedContainer[]): void {
    const c = observed[0];
    if (c) this.live.set(uid, `${c.podNamespace}/${c.podName}`);
    else this.live.delete(uid);
  }

  /** `evicted`: phase Failed with this reason and message, container statuses kept (kubelet `evictPod`). */
  private async publish(
    desired: DesiredPod,
    observed: ObservedContainer[],
    refused?: { reason: string; message: string },
    evicted?: { reason: string; message: string },
  ): Promise<void> {
    const { pod } = desired;
    const uid = pod.metadata.uid;
    await this.deps.terminationMessages.fill(pod, observed);
    const previous = this.deps.store.get(uid);
    const earliest = observed.reduce((min, c) => Math.min(min, c.createdAt || Infinity), Infinity);
    const createdAtMs = previous?.createdAtMs ?? (Number.isFinite(earliest) ? earliest : this.deps.now());
    const view = currentSandboxView(pod, observed, this.deps.syncer.reasonCache(uid));
    // Probe workers follow the containers seen here: started for new ones, stopped for gone ones.
    if (!refused && !evicted) this.deps.probes?.update(pod, observed);
    const status = generatePodStatus({
      pod,
      containers: view.containers,
      reasonCache: view.reasonCache,
      ...(this.deps.probes ? { readiness: this.deps.probes.readiness(uid), started: this.deps.probes.started(uid) } : {}),
      hostIP: this.deps.hostIP(),
      startTimeMs: createdAtMs,
      ...(previous ? { previous: previous.status } : {}),
      nowMs: this.deps.now(),
    });
    // kubelet `rejectPod`: phase Failed with the reason and message, and no container statuses.
    if (refused) Object.assign(status, { phase: 'Failed', ...refused, initContainerStatuses: [], containerStatuses: [] });
    if (evicted) Object.assign(status, { phase: 'Failed', ...evicted });
    this.deps.store.set(uid, { pod, file: desired.file, status, containers: observed, createdAtMs });
    this.deps.metrics?.podPublished({
      uid, previous: previous?.status, status, containerCount: pod.spec.containers.length, createdAtMs, events: this.deps.events.list(uid), nowMs: this.deps.now(),
    });
  }
}
