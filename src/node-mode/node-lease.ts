import type { Logger } from 'pino';
import { isConflict, isNotFound } from './api-error.js';
import type { KubeClient } from './kube-client.js';

/** k8s `component-helpers/apimachinery/lease`: 40 s, renewed every quarter of it. */
export const LEASE_DURATION_SECONDS = 40;

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string; ownerReferences?: unknown[] };
  spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime: string };
}

/** RFC 3339 with microseconds, as `MicroTime` is written. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const PATH = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';

/**
 * The node's Lease in `kube-node-lease` (the node lifecycle controller's heartbeat): renewed by a
 * PUT of the last object returned; on failure GET it again, or create it when it is gone.
 */
export class NodeLease {
  private last: Lease | undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly nodeName: string,
    private readonly node: () => { uid: string } | undefined,
    private readonly log: Logger,
  ) {}

  async renew(nowMs: number): Promise<void> {
    const renewTime = microTime(nowMs);
    if (this.last) {
      try {
        this.last = await this.client.put<Lease>(`${PATH}/${this.nodeName}`, this.withOwner({ ...this.last, spec: { ...this.last.spec, renewTime } }));
        return;
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) throw err;
        this.last = undefined;
      }
    }
    const current = await this.client.get<Lease>(`${PATH}/${this.nodeName}`).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    const spec = { holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime };
    if (current) {
      this.last = await this.client.put<Lease>(`${PATH}/${this.nodeName}`, this.withOwner({ ...current, spec: { ...current.spec, ...spec } }));
      return;
    }
    this.log.info({ lease: `kube-node-lease/${this.nodeName}` }, 'Created the node lease');
    this.last = await this.client.post<Lease>(PATH, this.withOwner({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.nodeName, namespace: 'kube-node-lease' }, spec }));
  }

  /** The owner reference to the Node (so the Lease goes with it), added while there is none. */
  private withOwner(lease: Lease): Lease {
    const node = this.node();
    if (!node || (lease.metadata.ownerReferences?.length ?? 0) > 0) return lease;
    return { ...lease, metadata: { ...lease.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.uid }] } };
  }
}
