import type { Pod } from '../api/pod-types.js';
import type { WrittenSecurityFields } from '../api/written-security.js';
import type { NodeInfo } from '../node/node-info.js';
import { type AdmitResult, admitPod } from './admit-pod.js';
import { type NodePolicy, checkNodePolicy } from './node-policy.js';
import { podSecurityViolation } from './pod-security/evaluate.js';
import { compareStrings } from '../shared/compare-strings.js';

export interface AdmissionCandidate {
  pod: Pod;
  /** The pod already has containers (admitted before an agent restart): admitted first, never refused. */
  live: boolean;
  /** When the pod was first seen (its file's first-seen time, or its oldest container's creation). */
  firstSeenMs: number;
  /** The manifest file's mtime: touching the file asks for a refused pod to be admitted again. */
  fileMtimeMs: number;
  /** Security fields the manifest wrote that the pod does not keep (for `--pod-security`). */
  written?: WrittenSecurityFields;
}

export type AdmissionDecision = AdmitResult & { fileMtimeMs: number };

/**
 * Which pods the node runs. Pods are admitted in a stable order (live pods first, then by
 * first-seen time, then by namespace/name, as the kubelet sorts by creation time), each against
 * the pods admitted before it; a refused pod stays refused until its manifest changes or is touched.
 * Pure state: no I/O.
 */
export class PodAdmission {
  private readonly decisions = new Map<string, AdmissionDecision>();
  private readonly admittedPods = new Map<string, Pod>();

  constructor(
    private readonly node: NodeInfo,
    private readonly policy: NodePolicy = { allowPrivileged: true },
  ) {}

  /** The node pods are admitted to. */
  get nodeName(): string {
    return this.node.name;
  }

  /** Decides every candidate not decided yet (or refused and touched since); returns the UIDs decided now. */
  update(candidates: readonly AdmissionCandidate[]): string[] {
    const present = new Set(candidates.map((c) => c.pod.metadata.uid));
    for (const uid of [...this.decisions.keys()]) if (!present.has(uid)) this.forget(uid);
    const undecided = candidates.filter((c) => {
      const d = this.decisions.get(c.pod.metadata.uid);
      return !d || (!d.admit && c.fileMtimeMs > d.fileMtimeMs);
    });
    undecided.sort(
      (a, b) =>
        Number(b.live) - Number(a.live) ||
        a.firstSeenMs - b.firstSeenMs ||
        compareStrings(`${a.pod.metadata.namespace}/${a.pod.metadata.name}`, `${b.pod.metadata.namespace}/${b.pod.metadata.name}`),
    );
    for (const c of undecided) {
      const uid = c.pod.metadata.uid;
      const result: AdmitResult = c.live ? { admit: true } : this.admit(c.pod, c.written);
      this.decisions.set(uid, { ...result, fileMtimeMs: c.fileMtimeMs });
      if (result.admit) this.admittedPods.set(uid, c.pod);
    }
    return undecided.map((c) => c.pod.metadata.uid);
  }

  /**
   * The Pod Security Standard first (a cluster's API server refuses the pod before a kubelet sees
   * it), then the node's own policy, then the kubelet's predicates.
   */
  private admit(pod: Pod, written: WrittenSecurityFields | undefined): AdmitResult {
    const level = this.policy.podSecurity ?? 'privileged';
    const violation = podSecurityViolation(level, pod, written);
    if (violation !== undefined) return { admit: false, reason: 'PodSecurity', message: violation };
    const policy = checkNodePolicy(pod, this.policy);
    if (!policy.ok) return { admit: false, reason: policy.reason, message: policy.message };
    return admitPod(pod, this.node, [...this.admittedPods.values()]);
  }

  /** Refuses an admitted pod after the fact (its hostPort turned out busy on the host). */
  refuse(uid: string, reason: string, message: string): void {
    const d = this.decisions.get(uid);
    this.admittedPods.delete(uid);
    this.decisions.set(uid, { admit: false, reason, message, fileMtimeMs: d?.fileMtimeMs ?? 0 });
  }

  decision(uid: string): AdmissionDecision | undefined {
    return this.decisions.get(uid);
  }

  admitted(): Pod[] {
    return [...this.admittedPods.values()];
  }

  forget(uid: string): void {
    this.decisions.delete(uid);
    this.admittedPods.delete(uid);
  }
}
