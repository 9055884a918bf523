import type { PodStatus } from '../api/pod-status-types.js';
import type { Pod } from '../api/pod-types.js';
import type { WrittenSecurityFields } from '../api/written-security.js';

/** The API's terminal phase of a pod, with its pod-level reason (`DeadlineExceeded`, `Evicted`…) when it has one. */
export interface TerminalPhase {
  phase: 'Succeeded' | 'Failed';
  reason?: string;
  message?: string;
  /** The API's status of the pod, shown as it is when the agent has none (after a restart). */
  status: PodStatus;
}

/** A pod the manifest directory (or, in node mode, the API server) asks for. */
export interface DesiredPod {
  pod: Pod;
  /** `api`: scheduled to this node through the API server (node mode); absent: a file of the manifest directory. */
  source?: 'api';
  /** The manifest file it comes from; for an API pod, its API path. */
  file: string;
  /** 0-based index of its YAML document in the file. */
  document: number;
  /** When the agent first saw the pod's file (admission order). */
  firstSeenMs: number;
  /** The file's mtime (a touch re-admits a refused pod). */
  fileMtimeMs: number;
  /** Security fields the manifest wrote that the pod does not keep (Pod Security admission reads them). */
  written?: WrittenSecurityFields;
  /**
   * An API pod whose phase in the API is Succeeded or Failed (node mode): it never runs again, its
   * containers stay (for `kubectl logs`) until the pod is deleted, as the kubelet keeps them.
   */
  terminal?: TerminalPhase;
  /** The UID minikubelet 0.1 gave this pod: a live pod of the same name with it is adopted (`uid-adoption.ts`). */
  legacyUid?: string;
}
