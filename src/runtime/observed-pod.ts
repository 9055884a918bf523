import { instancesByName, newestFirst } from './container-instances.js';
import type { ObservedContainer } from './types.js';

/**
 * One pod as one list call found it, grouped once (kubelet `kubecontainer.PodStatus`): its
 * sandboxes, newest first, and its init and app container instances by name, newest first.
 */
export interface ObservedPod {
  uid: string;
  /** Every container of the pod the engine has: sandboxes, init and app containers, all attempts. */
  containers: readonly ObservedContainer[];
  sandboxes: readonly ObservedContainer[];
  /** The newest sandbox, whatever its state. */
  sandbox: ObservedContainer | undefined;
  /** The newest sandbox's IP while it runs (the kubelet reads pod IPs from it only). */
  sandboxIP: string | undefined;
  init: ReadonlyMap<string, readonly ObservedContainer[]>;
  app: ReadonlyMap<string, readonly ObservedContainer[]>;
  /** `namespace/name` from the labels, when the pod has containers. */
  fullName: string | undefined;
  /** The earliest container creation (the pod's place in the admission order after an agent restart). */
  createdAtMs: number | undefined;
}

/** The pod's IP (kubelet `determinePodIPBySandboxID`): the node's with hostNetwork, else the running sandbox's. */
export function podIPOf(observed: ObservedPod, hostNetwork: boolean, hostIP: string): string | undefined {
  return hostNetwork ? hostIP : observed.sandboxIP;
}

export function observePod(uid: string, containers: readonly ObservedContainer[]): ObservedPod {
  const sandboxes = containers.filter((c) => c.kind === 'sandbox').sort(newestFirst);
  const sandbox = sandboxes[0];
  const first = containers[0];
  const earliest = containers.reduce((min, c) => Math.min(min, c.createdAt || Infinity), Infinity);
  return {
    uid,
    containers,
    sandboxes,
    sandbox,
    sandboxIP: sandbox?.state === 'running' ? sandbox.ip : undefined,
    init: instancesByName(containers, 'init'),
    app: instancesByName(containers, 'app'),
    fullName: first ? `${first.podNamespace}/${first.podName}` : undefined,
    createdAtMs: Number.isFinite(earliest) ? earliest : undefined,
  };
}
