import type { ApiNode } from '../../node/api-node.js';
import { TABLE_TABWRITER, formatTabbed } from './go-tabwriter.js';
import { timestampSince } from '../../shared/human-duration.js';
import { nodeReadiness, nodeRoles } from '../../node/node-roles.js';

/** kubectl `get nodes` (printNode): NAME STATUS ROLES AGE VERSION; wide adds addresses and system info. */
export function printNodeTable(nodes: readonly ApiNode[], options: { wide: boolean; nowMs: number }): string {
  const header = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];
  if (options.wide) header.push('INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME');
  const rows = nodes.map((n) => {
    const row = [n.metadata.name, nodeReadiness(n), nodeRoles(n), timestampSince(n.metadata.creationTimestamp, options.nowMs), n.status.nodeInfo.kubeletVersion];
    if (options.wide) {
      const address = (type: string) => n.status.addresses.find((a) => a.type === type)?.address ?? '<none>';
      row.push(address('InternalIP'), address('ExternalIP'), n.status.nodeInfo.osImage, n.status.nodeInfo.kernelVersion, n.status.nodeInfo.containerRuntimeVersion);
    }
    return row;
  });
  return formatTabbed([header, ...rows].map((r) => `${r.join('\t')}\n`).join(''), TABLE_TABWRITER);
}
