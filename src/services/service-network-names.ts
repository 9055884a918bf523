import { createHash } from 'node:crypto';

/**
 * Names of what an agent owns on the host, derived from its node name so that several agents on
 * one machine never share them: the interface holding the cluster DNS and ClusterIP addresses,
 * and the iptables chains (kube-proxy's KUBE-* chains, with a per-node prefix).
 */

function hash8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** `mkl-1a2b3c4d`: at most 15 characters, the kernel's limit for interface names. */
export function serviceInterfaceName(nodeName: string): string {
  return `mkl-${hash8(nodeName)}`;
}

/** `MKL-1A2B3C4D-`: every chain of the agent starts with it (iptables allows 28 characters a name). */
export function chainPrefix(nodeName: string): string {
  return `MKL-${hash8(nodeName).toUpperCase()}-`;
}

/** kube-proxy's KUBE-SVC-<hash>: one chain per Service port. */
export function serviceChain(prefix: string, servicePortName: string, protocol: string): string {
  return `${prefix}SVC-${hash8(`${servicePortName}/${protocol}`).toUpperCase()}`;
}

/** kube-proxy's KUBE-SEP-<hash>: one chain per backend of a Service port. */
export function endpointChain(prefix: string, servicePortName: string, protocol: string, endpoint: string): string {
  return `${prefix}SEP-${hash8(`${servicePortName}/${protocol}/${endpoint}`).toUpperCase()}`;
}
