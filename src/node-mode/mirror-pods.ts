import type { Logger } from 'pino';
import type { DesiredPod } from '../manifests/desired-pod.js';
import type { EventRecorder } from '../status/event-recorder.js';
import type { StatusStore } from '../status/status-store.js';
import { isConflict, isNotFound } from './api-error.js';
import type { ApiServerPod } from './api-pod-object.js';
import type { KubeClient } from './kube-client.js';
import { makeMirrorPod, planMirrorPods } from './plan-mirror-pods.js';
import { makePodStatusPatch } from './pod-status-patch.js';
import { serialPass } from './serial-pass.js';

export interface MirrorPodsDeps {
  client: KubeClient;
  nodeName: string;
  /** The registered Node's UID (undefined until registered: no mirror before). */
  node: () => { uid: string } | undefined;
  /** The API's pods bound to this node, mirrors included. */
  apiPods: () => ApiServerPod[];
  store: StatusStore;
  events: EventRecorder;
  log: Logger;
}

const podPath = (namespace: string, name: string) => `/api/v1/namespaces/${namespace}/pods/${name}`;

/**
 * The directory's pods as mirror pods in the API server (k8s `pkg/kubelet/pod/mirror_client.go`):
 * created, made again when deleted or stale, removed when their file goes, and given the static
 * pod's status. The file stays the source of truth: nothing done to a mirror touches the pod.
 */
export class MirrorPods {
  private filePods: readonly DesiredPod[] = [];
  private readonly announced = new Set<string>();
  private readonly sent = new Map<string, string>();
  private readonly runner = serialPass(() => this.pass());
  private lastMirrors = new Map<string, ApiServerPod>();

  constructor(private readonly deps: MirrorPodsDeps) {}

  setFilePods(pods: readonly DesiredPod[]): void {
    this.filePods = pods;
    this.poke();
  }

  poke(): void {
    this.runner.poke();
  }

  /** Static pod UID → its mirror pod, as of the last pass (where its events go). */
  current(): ReadonlyMap<string, ApiServerPod> {
    return this.lastMirrors;
  }

  idle(): Promise<void> {
    return this.runner.idle();
  }

  private async pass(): Promise<void> {
    const node = this.deps.node();
    if (!node) return;
    const plan = planMirrorPods(this.filePods, this.deps.apiPods(), this.deps.nodeName);
    this.lastMirrors = plan.mirrors;
    for (const { desired, message } of plan.refused) {
      const uid = desired.pod.metadata.uid;
      if (this.announced.has(uid)) continue;
      this.announced.add(uid);
      this.deps.events.record(uid, { type: 'Warning', reason: 'MirrorPodRefused', message });
      this.deps.log.warn({ pod: `${desired.pod.metadata.namespace}/${desired.pod.metadata.name}`, podUid: uid, file: desired.file }, 'Created no mirror pod: the pod references the directory\'s ConfigMaps or Secrets');
    }
    for (const mirror of plan.remove) await this.call('Deleted mirror pod', mirror.metadata.namespace, mirror.metadata.name, () =>
      this.deps.client.delete(podPath(mirror.metadata.namespace, mirror.metadata.name), { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata.uid } }));
    for (const desired of plan.create) {
      const { namespace } = desired.pod.metadata;
      const body = makeMirrorPod(desired, this.deps.nodeName, node.uid);
      await this.call('Created mirror pod', namespace, desired.pod.metadata.name, () => this.deps.client.post(`/api/v1/namespaces/${namespace}/pods`, body));
    }
    for (const [uid, mirror] of plan.mirrors) {
      const record = this.deps.store.get(uid);
      const patch = record ? makePodStatusPatch(mirror.status, record.status, mirror.metadata.uid) : undefined;
      if (!patch) continue;
      const text = JSON.stringify(patch);
      if (this.sent.get(mirror.metadata.uid) === text) continue;
      await this.call(undefined, mirror.metadata.namespace, mirror.metadata.name, () => this.deps.client.patch(`${podPath(mirror.metadata.namespace, mirror.metadata.name)}/status`, patch));
      this.sent.set(mirror.metadata.uid, text);
    }
  }

  /** One API call; a 404 or 409 (already gone, already there) is what the next pass sorts out. */
  private async call(done: string | undefined, namespace: string, name: string, request: () => Promise<unknown>): Promise<void> {
    try {
      await request();
      if (done) this.deps.log.info({ pod: `${namespace}/${name}` }, done);
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return;
      this.deps.log.warn({ err, pod: `${namespace}/${name}` }, 'Failed to update a mirror pod; retrying');
    }
  }
}
