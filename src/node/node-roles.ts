import type { ApiNode } from './api-node.js';

/** kubectl's node roles: the `node-role.kubernetes.io/<role>` labels, `<none>` without. */
export function nodeRoles(node: ApiNode): string {
  const roles = Object.keys(node.metadata.labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean)
    .sort();
  return roles.length > 0 ? roles.join(',') : '<none>';
}

/** kubectl's node STATUS: the Ready condition as Ready, NotReady or Unknown. */
export function nodeReadiness(node: ApiNode): string {
  const ready = node.status.conditions.find((c) => c.type === 'Ready');
  return ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
}
