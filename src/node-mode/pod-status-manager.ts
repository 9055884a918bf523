import type { Logger } from 'pino';
import { toRfc3339 } from '../api/rfc3339.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { isPhaseTerminal } from '../status/pod-phase.js';
import type { StatusStore } from '../status/status-store.js';
import { isConflict, isNotFound } from './api-error.js';
import { type ApiServerPod, CONFIG_MIRROR } from './api-pod-object.js';
import type { ApiPodSource } from './api-pod-source.js';
import type { KubeClient } from './kube-client.js';
import { makePodStatusPatch } from './pod-status-patch.js';
import { serialPass } from './serial-pass.js';

/** kubelet `syncPeriod` of the status manager: drifted API status is re-sent this often. */
export const STATUS_RESYNC_MS = 10_000;

export interface PodStatusManagerDeps {
  client: KubeClient;
  store: StatusStore;
  source: ApiPodSource;
  runtime: ContainerRuntime;
  log: Logger;
  now: () => number;
}

const podPath = (p: ApiServerPod) => `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`;

/**
 * The kubelet's status manager (k8s `pkg/kubelet/status/status_manager.go`) for API pods: the
 * status the agent computes is PATCHed to `pods/<name>/status` (strategic merge, `metadata.uid`
 * precondition) when it differs from the API's copy; and a pod being deleted, once its containers
 * are gone, is DELETEd with grace 0 and a UID precondition (`canBeDeleted`).
 */
export class PodStatusManager {
  private readonly sent = new Map<string, { patch: string; atMs: number }>();
  private readonly deleting = new Set<string>();
  /** Failures are logged once per streak (the API server down: every pod's update fails). */
  private failing = false;

  constructor(private readonly deps: PodStatusManagerDeps) {}

  private readonly runner = serialPass(() => this.pass());

  /** Something changed (a status, the API's pods): one pass now, or right after the one under way. */
  poke(): void {
    this.runner.poke();
  }

  /** Waits for the pass under way (shutdown). */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** A pod whose spec cannot run here: `Failed` with why, so its controller replaces it. */
  async fail(pod: ApiServerPod, reason: string, message: string): Promise<void> {
    const status = { phase: 'Failed', reason, message, startTime: pod.status?.startTime ?? toRfc3339(this.deps.now()) };
    await this.send(pod, makePodStatusPatch(pod.status, { ...pod.status, ...status }, pod.metadata.uid));
  }

  private async pass(): Promise<void> {
    for (const pod of this.deps.source.pods()) {
      // Mirror pods are `MirrorPods`' to write.
      if (pod.metadata.annotations?.[CONFIG_MIRROR] !== undefined) continue;
      const uid = pod.metadata.uid;
      if (pod.metadata.deletionTimestamp) await this.finishDeletion(pod);
      const record = this.deps.store.get(uid);
      if (!record) continue;
      // kubelet status manager: a pod terminal in the API never goes back to a running phase.
      if (isPhaseTerminal(pod.status?.phase) && !isPhaseTerminal(record.status.phase)) continue;
      await this.send(pod, makePodStatusPatch(pod.status, record.status, uid));
    }
    const known = new Set(this.deps.source.pods().map((p) => p.metadata.uid));
    for (const uid of this.sent.keys()) if (!known.has(uid)) this.sent.delete(uid);
    for (const uid of this.deleting) if (!known.has(uid)) this.deleting.delete(uid);
  }

  private async send(pod: ApiServerPod, patch: ReturnType<typeof makePodStatusPatch>): Promise<void> {
    if (!patch) return;
    const uid = pod.metadata.uid;
    const text = JSON.stringify(patch);
    const last = this.sent.get(uid);
    // The same patch again before the watch shows it applied: not yet (it is re-sent after the resync period if the API still differs).
    if (last?.patch === text && this.deps.now() - last.atMs < STATUS_RESYNC_MS) return;
    try {
      await this.deps.client.patch(`${podPath(pod)}/status`, patch);
      this.sent.set(uid, { patch: text, atMs: this.deps.now() });
      if (this.failing) this.deps.log.info('Updated pod status again');
      this.failing = false;
      this.deps.log.debug({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: uid, phase: patch.status.phase }, 'Patched pod status');
    } catch (err) {
      // Gone, or another pod now has the name (UID precondition): nothing to send.
      if (isNotFound(err) || isConflict(err)) return;
      this.deps.log[this.failing ? 'debug' : 'warn']({ err, pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: uid }, 'Failed to update pod status; retrying');
      this.failing = true;
    }
  }

  /** kubelet `canBeDeleted` + `DELETE {gracePeriodSeconds: 0, preconditions: {uid}}`, once no container of the pod is left. */
  private async finishDeletion(pod: ApiServerPod): Promise<void> {
    const uid = pod.metadata.uid;
    if (this.deleting.has(uid) || this.deps.store.get(uid)) return;
    const left = await this.deps.runtime.listContainers({ podUid: uid }).catch(() => undefined);
    if (!left || left.length > 0) return;
    this.deleting.add(uid);
    try {
      await this.deps.client.delete(podPath(pod), { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid } });
      this.deps.log.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: uid }, 'Deleted pod from the API server: its containers are gone');
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return;
      this.deleting.delete(uid);
      this.deps.log.warn({ err, pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: uid }, 'Failed to delete pod; retrying');
    }
  }
}
