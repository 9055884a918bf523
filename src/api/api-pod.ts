import type { Pod } from './pod-types.js';
import type { PodStatus } from './pod-status-types.js';

/** A Pod as the local API serves it: the manifest's pod, with status and server-set metadata. */
export interface ApiPod extends Omit<Pod, 'metadata'> {
  metadata: Pod['metadata'] & { creationTimestamp: string };
  status: PodStatus;
}
