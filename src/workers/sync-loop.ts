import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { PodAdmission } from '../admission/pod-admission.js';
import { podConfigReferences } from '../api/config-references.js';
import { podKey } from '../api/pod-types.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import type { PodMetrics } from '../metrics/metrics.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { ObservedContainer, RuntimeEvent } from '../runtime/types.js';
import { AdoptedUidRecord } from './adopted-uid-record.js';
import { LivePods } from './live-pods.js';
import type { PodSync } from './pod-sync.js';
import { PodWorkers } from './pod-workers.js';
import { FULL_RESYNC_MS, type PodFingerprints, podFingerprints, podsToRelist } from './relist-changes.js';
import { RelistSnapshots } from './relist-snapshots.js';

/** kubelet: a failed sync is retried after 10 s. */
const SYNC_RETRY_MS = 10_000;

export interface SyncLoopDeps {
  runtime: ContainerRuntime;
  podSync: PodSync;
  admission: PodAdmission;
  /** Where pod directories live: one left by a pod that went while the agent was down is cleaned up. */
  rootDir: string;
  /** Where the pods adopted across an upgrade are recorded (`adopted-uid-record.ts`); in memory when absent. */
  adoptedUidsFile?: string;
  log: Logger;
  /** Pods seen (pod start latency), absent in tests. */
  metrics?: PodMetrics;
  now: () => number;
}

/**
 * Where the manifest source, runtime events and the relist meet (kubelet `syncLoopIteration`):
 * each input only says which pods to look at; the pod workers then sync each pod on its own,
 * serialized (`PodSync`).
 */
export class SyncLoop {
  private desired = new Map<string, DesiredPod>();
  private readonly live = new LivePods();
  private readonly workers: PodWorkers;
  private readonly adoption: AdoptedUidRecord;
  /** While a pod source has not reported yet, pods no source asks for are left alone (kubelet `sourcesReady`). */
  private removalsHeld = false;
  /** What the last relist listed, and when it last synced every pod. */
  private listed: PodFingerprints | undefined;
  private lastFullResyncMs = -Infinity;
  /** Every container of the node as the last relist listed it. */
  private lastList: readonly ObservedContainer[] | undefined;
  /** Each pod as the relist that asked for its sync listed it (the sync lists it again only if it may have changed since). */
  private readonly snapshots = new RelistSnapshots();

  constructor(private readonly deps: SyncLoopDeps) {
    this.workers = new PodWorkers((uid) => this.syncPod(uid), deps.log, SYNC_RETRY_MS, deps.now);
    this.adoption = new AdoptedUidRecord(deps.adoptedUidsFile, deps.log);
  }

  /** Grace periods for pods being removed (an API pod's `deletionGracePeriodSeconds`), by UID. */
  private removalGrace: ReadonlyMap<string, number> = new Map();

  /**
   * A new full snapshot of desired pods: sync what was added or removed. `removalGrace`: pods left
   * out with a grace period of their own (node mode's graceful deletion), by UID.
   */
  setDesired(snapshot: readonly DesiredPod[], removalGrace: ReadonlyMap<string, number> = new Map()): void {
    this.removalGrace = removalGrace;
    // Pods an older agent started keep their UID (upgrade adoption), so they are not started again.
    const pods = this.adoption.adopt(snapshot, (fullName) => this.live.uidsWithName(fullName));
    const next = new Map(pods.map((d) => [d.pod.metadata.uid, d]));
    const changed = new Set<string>();
    for (const [uid, d] of next) {
      const previous = this.desired.get(uid);
      // The same UID with another pod object (a manifest that pins metadata.uid was edited): its
      // downwardAPI volumes follow labels and annotations, a changed container restarts.
      if (previous && (previous.pod !== d.pod || previous.terminal !== d.terminal)) changed.add(uid);
      if (previous) continue;
      changed.add(uid);
      this.snapshots.unlisted(uid);
      this.deps.metrics?.podSeen(uid, this.deps.now());
    }
    for (const uid of this.desired.keys()) {
      if (next.has(uid)) continue;
      changed.add(uid);
      // A postStart hook that hangs must not hold the pod's deletion.
      this.deps.podSync.cancelPostStart(uid);
    }
    this.desired = next;
    // A finished pod (terminal in the API) holds no resources: the kubelet admits against the active pods only.
    const decided = this.deps.admission.update(
      pods.filter((d) => !d.terminal).map((d) => {
        const uid = d.pod.metadata.uid;
        return {
          pod: d.pod, live: this.live.has(uid), firstSeenMs: this.live.firstSeen(uid) ?? d.firstSeenMs, fileMtimeMs: d.fileMtimeMs,
          ...(d.written ? { written: d.written } : {}),
        };
      }),
    );
    for (const uid of decided) {
      changed.add(uid);
      if (this.deps.admission.decision(uid)?.admit && !this.live.has(uid)) this.deps.podSync.readmitted(uid);
    }
    for (const uid of changed) this.workers.enqueue(uid);
  }

  /**
   * ConfigMaps or Secrets of the directory changed (`configObjectKey`s): the pods that use them are
   * synced, so a container waiting for one starts and volume files follow the edit.
   */
  configChanged(keys: readonly string[]): void {
    if (keys.length === 0) return;
    for (const [uid, d] of this.desired) {
      const refs = podConfigReferences(d.pod);
      if (keys.some((k) => refs.has(k))) this.workers.enqueue(uid);
    }
  }

  /**
   * A second pod source (node mode's API server) has not listed yet: until `ready` resolves, a live
   * pod that no desired snapshot names is not killed, since that source may still ask for it
   * (kubelet `sourcesReady` gates `HandlePodCleanups`). Then every live pod is looked at again.
   */
  holdRemovals(ready: Promise<void>): void {
    this.removalsHeld = true;
    void ready.then(() => {
      this.removalsHeld = false;
      for (const uid of this.live.uids()) this.workers.enqueue(uid);
    });
  }

  /** Notes which pods already have containers, before the first desired set is admitted. */
  async observeLive(): Promise<void> {
    await this.adoption.load();
    const listedAt = this.snapshots.listing();
    const containers = await this.deps.runtime.listContainers();
    this.live.adopt(containers);
    this.snapshots.listed(listedAt, [], containers);
  }

  onRuntimeEvent(event: RuntimeEvent): void {
    if (event.action === 'oom') void this.deps.podSync.recordOom(event, this.desired.get(event.podUid));
    // Its probes stop now, not when the pod's worker next gets to it (a sync may be busy starting others).
    if (event.action === 'die') this.deps.podSync.containerStopped(event.podUid, event.containerId);
    if (!event.podUid) return;
    this.snapshots.touch(event.podUid);
    this.workers.enqueue(event.podUid);
  }

  /** The pod was just evicted (`PodEvictions` holds why): its worker kills it. */
  onEviction(podUid: string): void {
    this.workers.enqueue(podUid);
  }

  /** An input of the pod changed outside the engine and the directory (node mode: a refreshed service account token). */
  resync(podUid: string): void {
    this.workers.enqueue(podUid);
  }

  /** A cached probe result changed (the prober only records; the pod worker decides). */
  onProbeResult(podUid: string): void {
    this.workers.enqueue(podUid);
  }

  /**
   * The safety net behind the events: one list of the engine's containers; the pods whose
   * containers changed since the last relist, or that wait, or go, are synced (`podsToRelist`),
   * and every pod the engine or the manifests know of once a minute (or now, with `full`). A pod
   * that runs unchanged costs nothing between those.
   */
  async relist(options: { full?: boolean } = {}): Promise<void> {
    const listedAt = this.snapshots.listing();
    const containers = await this.deps.runtime.listContainers();
    this.lastList = containers;
    this.live.replace(containers);
    // kubelet housekeeping `cleanupOrphanedPodDirs`: a pod directory with neither a manifest nor
    // containers (its pod went while the agent was down) is removed, tmpfs mounts and cgroup too.
    const onDisk = await readdir(path.join(this.deps.rootDir, 'pods')).catch(() => [] as string[]);
    const current = podFingerprints(containers);
    const nowMs = this.deps.now();
    const full = options.full === true || nowMs - this.lastFullResyncMs >= FULL_RESYNC_MS;
    if (full) this.lastFullResyncMs = nowMs;
    const uids = podsToRelist({ previous: this.listed, current, desired: new Set(this.desired.keys()), onDisk, full });
    this.listed = current;
    this.snapshots.listed(listedAt, uids, containers);
    for (const uid of uids) this.workers.enqueue(uid);
    await this.deps.podSync.relisted(containers, (uid) => this.desired.get(uid)?.pod);
  }

  /** The node's containers as the last relist listed them (the log cap weighs their logs); undefined before the first. */
  listedContainers(): readonly ObservedContainer[] | undefined {
    return this.lastList;
  }

  idle(): Promise<void> {
    return this.workers.idle();
  }

  stop(): void {
    this.workers.stop();
  }

  private async syncPod(uid: string): Promise<void> {
    let freed = false;
    try {
      freed = await this.syncPodOnce(uid);
    } finally {
      if (freed) this.snapshots.forget(uid);
      else this.snapshots.touch(uid);
    }
  }

  /** Whether the pod is gone (its name freed). */
  private async syncPodOnce(uid: string): Promise<boolean> {
    const desired = this.desired.get(uid);
    if (!desired && this.removalsHeld) return false;
    const observed = await this.deps.podSync.observe(uid, this.snapshots.take(uid));
    this.live.note(observed);
    const olderSameName = desired ? this.live.olderWithName(uid, podKey(desired.pod), (other) => this.desired.has(other)) : undefined;
    const graceSeconds = desired ? undefined : this.removalGrace.get(uid);
    const outcome = await this.deps.podSync.sync({ uid, desired, olderSameName, ...(graceSeconds !== undefined ? { graceSeconds } : {}) }, observed);
    this.live.note(outcome.observed);
    for (const other of outcome.wake) this.workers.enqueue(other);
    for (const at of outcome.requeueAtMs) this.workers.enqueueAt(uid, at);
    if (outcome.freedName === undefined) return false;
    this.live.delete(uid);
    // Wake a replacement waiting for this name.
    for (const [other, d] of this.desired) if (podKey(d.pod) === outcome.freedName) this.workers.enqueue(other);
    return true;
  }
}
