import type { Logger } from 'pino';
import { isConflict } from './api-error.js';
import type { KubeClient } from './kube-client.js';
import { type NodeObject, reconcileLabels, shouldPatchNodeStatus } from './make-node-object.js';

/**
 * Registration and node status (k8s `pkg/kubelet/kubelet_node_status.go`): POST the Node; a 409
 * adopts the existing one (its default labels reconciled, spec and taints left alone); then the
 * status is computed every update period and PATCHed (strategic merge) when it changed or the
 * report period passed.
 */
export class NodeRegistration {
  private registered: { uid: string } | undefined;
  private lastSent: NodeObject['status'] | undefined;
  private lastSentMs = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly log: Logger,
  ) {}

  /** The Node's UID once registered (mirror pods' and the lease's owner reference). */
  node(): { uid: string } | undefined {
    return this.registered;
  }

  /** One registration attempt; throws on a failure the caller retries after its back-off. */
  async register(wanted: NodeObject): Promise<void> {
    const name = wanted.metadata.name;
    try {
      const created = await this.client.post<NodeObject>('/api/v1/nodes', wanted);
      this.registered = { uid: created.metadata.uid ?? '' };
      this.lastSent = created.status;
      this.log.info({ node: name, uid: this.registered.uid }, 'Registered the node');
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    const existing = await this.client.get<NodeObject>(`/api/v1/nodes/${name}`);
    this.registered = { uid: existing.metadata.uid ?? '' };
    const labels = reconcileLabels(existing.metadata.labels, wanted.metadata.labels);
    if (labels) await this.client.patch(`/api/v1/nodes/${name}`, { metadata: { labels } });
    this.log.info({ node: name, uid: this.registered.uid, labels: labels ? Object.keys(labels) : [] }, 'Adopted the existing node of this name');
    this.lastSent = undefined;
  }

  /** Sends the status when it changed or `reportEveryMs` passed; returns whether it sent. */
  async updateStatus(wanted: NodeObject, nowMs: number, reportEveryMs: number): Promise<boolean> {
    // kubelet 1.20 reads the Node first (GET resourceVersion=0): its conditions may have been changed by the controller.
    const current = await this.client.get<NodeObject>(`/api/v1/nodes/${wanted.metadata.name}`, { resourceVersion: '0' });
    if (!shouldPatchNodeStatus(current.status, this.lastSent, wanted.status, this.lastSentMs, nowMs, reportEveryMs)) return false;
    // The whole status (conditions and addresses merge by type), plus the labels the kubelet keeps set.
    await this.client.patch(`/api/v1/nodes/${wanted.metadata.name}/status`, { status: wanted.status });
    this.lastSent = wanted.status;
    this.lastSentMs = nowMs;
    return true;
  }
}
