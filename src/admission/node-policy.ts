import path from 'node:path';
import type { Pod } from '../api/pod-types.js';
import type { PodSecurityLevel } from './pod-security/evaluate.js';

/** What this node lets pods do (`--pod-security`, `--allow-privileged`, `--allowed-host-paths`). */
export interface NodePolicy {
  /** The Pod Security Standard enforced before anything else, as a cluster's PodSecurity admission; default `privileged` (none). */
  podSecurity?: PodSecurityLevel;
  allowPrivileged: boolean;
  /** Path prefixes hostPath volumes must stay under; undefined: any path. */
  allowedHostPaths?: readonly string[];
}

export type PolicyResult = { ok: true } | { ok: false; reason: string; message: string };

function under(p: string, prefix: string): boolean {
  const rel = path.relative(path.resolve(prefix), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The node's own limits, checked at admission before the kubelet's predicates: privileged
 * containers and host namespaces need `--allow-privileged` (the kubelet's old flag of that name),
 * and hostPath volumes must lie under one of `--allowed-host-paths` when it is set (the idea of
 * PodSecurityPolicy's allowedHostPaths). Pure.
 */
export function checkNodePolicy(pod: Pod, policy: NodePolicy): PolicyResult {
  if (!policy.allowPrivileged) {
    const privileged = [...pod.spec.initContainers, ...pod.spec.containers].find((c) => c.securityContext?.privileged);
    if (privileged) {
      return { ok: false, reason: 'PrivilegedNotAllowed', message: `container "${privileged.name}" is privileged; start the agent with --allow-privileged to run it` };
    }
    const host = (['hostNetwork', 'hostPID', 'hostIPC'] as const).find((k) => pod.spec[k]);
    if (host) return { ok: false, reason: 'HostNamespaceNotAllowed', message: `spec.${host} shares the host's namespace; start the agent with --allow-privileged to run it` };
  }
  if (policy.allowedHostPaths) {
    const outside = pod.spec.volumes.find((v) => v.hostPath && !policy.allowedHostPaths!.some((prefix) => under(v.hostPath!.path, prefix)));
    if (outside) {
      return {
        ok: false,
        reason: 'HostPathNotAllowed',
        message: `volume "${outside.name}": hostPath ${outside.hostPath!.path} is not under the allowed host paths (${policy.allowedHostPaths.join(', ')})`,
      };
    }
  }
  return { ok: true };
}
