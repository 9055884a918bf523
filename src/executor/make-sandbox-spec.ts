import type { Pod } from '../api/pod-types.js';
import * as L from '../runtime/labels.js';
import { makeSandboxName } from '../runtime/naming.js';
import { normalizeSysctlName } from '../api/safe-sysctls.js';
import type { CreateContainerSpec, DnsSettings, PortBinding } from '../runtime/types.js';
import { sandboxHostnames } from './pod-hostname.js';

/** cri-dockerd's sandbox defaults (`core/sandbox_helpers.go`). */
const SANDBOX_CPU_SHARES = 2;
export const SANDBOX_OOM_SCORE_ADJ = -998;

export interface SandboxSpecInput {
  pod: Pod;
  attempt: number;
  nodeName: string;
  pauseImage: string;
  /** cri-dockerd's −998, or undefined where the engine may not lower OOM scores. */
  oomScoreAdj: number | undefined;
  /** The pod cgroup (`PodCgroups.parentOf`); unset leaves the engine's default parent. */
  cgroupParent?: string;
  /** resolv.conf for the pod (`makeDnsSettings`); unset leaves the engine's (the node's). */
  dns?: DnsSettings;
  /** `--cluster-domain`: the end of the pod's FQDN when it has a subdomain. */
  clusterDomain: string;
}

/**
 * hostAliases as Docker `ExtraHosts` (`hostname:ip`): the engine adds them to the /etc/hosts it
 * writes for the sandbox, which every container of the pod shares. (The kubelet writes its own
 * hosts file with the same entries under a `# Entries added by HostAliases.` header.)
 */
export function makeExtraHosts(pod: Pod): string[] {
  return (pod.spec.hostAliases ?? []).flatMap((a) => a.hostnames.map((h) => `${h}:${a.ip}`));
}

/** Pod sysctls as Docker `Sysctls`, slash-separated names in their dotted form. */
function makeSysctls(pod: Pod): Record<string, string> | undefined {
  const sysctls = pod.spec.securityContext?.sysctls ?? [];
  if (sysctls.length === 0) return undefined;
  return Object.fromEntries(sysctls.map((s) => [normalizeSysctlName(s.name), s.value]));
}

/** hostPorts of the app containers (not init containers), deduplicated (kubelet `MakePortMappings`). */
export function podPortBindings(pod: Pod): PortBinding[] {
  const seen = new Set<string>();
  const bindings: PortBinding[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports) {
      if (!p.hostPort) continue;
      const key = `${p.hostIP ?? ''}:${p.hostPort}/${p.protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      bindings.push({ containerPort: p.containerPort, protocol: p.protocol, hostPort: p.hostPort, ...(p.hostIP ? { hostIP: p.hostIP } : {}) });
    }
  }
  return bindings;
}

export function podLabels(pod: Pod, nodeName: string): Record<string, string> {
  return {
    [L.LABEL_POD_NAME]: pod.metadata.name,
    [L.LABEL_POD_NAMESPACE]: pod.metadata.namespace,
    [L.LABEL_POD_UID]: pod.metadata.uid,
    [L.LABEL_NODE_NAME]: nodeName,
    [L.LABEL_GRACE_PERIOD]: String(pod.spec.terminationGracePeriodSeconds),
  };
}

/**
 * The pause container that holds the pod's network, IPC and UTS namespaces: IPC `shareable` so
 * the pod's containers may join it, the pod's hostname, the hostPorts published on it (Docker
 * rejects hostname and ports on `container:` network mode, so they live here only).
 */
export function makeSandboxSpec({ pod, attempt, nodeName, pauseImage, oomScoreAdj, cgroupParent, dns, clusterDomain }: SandboxSpecInput): CreateContainerSpec {
  const hostNetwork = pod.spec.hostNetwork;
  // The node's names stay the node's on the host network (the kubelet sets none there either).
  const names = hostNetwork ? {} : sandboxHostnames(pod, clusterDomain);
  const sysctls = makeSysctls(pod);
  const extraHosts = makeExtraHosts(pod);
  return {
    name: makeSandboxName(pod.metadata, attempt),
    image: pauseImage,
    labels: {
      ...podLabels(pod, nodeName),
      [L.LABEL_CONTAINER_NAME]: L.SANDBOX_CONTAINER_NAME,
      [L.LABEL_DOCKER_TYPE]: 'podsandbox',
      [L.LABEL_CONTAINER_TYPE]: 'sandbox',
      [L.LABEL_RESTART_COUNT]: String(attempt),
    },
    env: [],
    ...names,
    networkMode: hostNetwork ? 'host' : 'default',
    ipcMode: pod.spec.hostIPC ? 'host' : 'shareable',
    ...(pod.spec.hostPID ? { pidMode: 'host' } : {}),
    portBindings: hostNetwork ? [] : podPortBindings(pod),
    mounts: [],
    tty: false,
    openStdin: false,
    stdinOnce: false,
    cpuShares: SANDBOX_CPU_SHARES,
    ...(oomScoreAdj !== undefined ? { oomScoreAdj } : {}),
    ...(cgroupParent ? { cgroupParent } : {}),
    ...(sysctls ? { sysctls } : {}),
    ...(extraHosts.length > 0 ? { extraHosts } : {}),
    ...(dns ? { dns } : {}),
  };
}
