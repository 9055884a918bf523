import { formatTabbed, TABLE_TABWRITER } from './go-tabwriter.js';
import { computePodRow, type PodRow, type PrintablePod } from '../../status/pod-row.js';

export { computePodRow, type PodRow, type PrintablePod } from '../../status/pod-row.js';

export interface PodTableOptions {
  wide: boolean;
  allNamespaces: boolean;
  nowMs: number;
}

function cells(row: PodRow, opts: PodTableOptions): string[] {
  const out = [row.name, row.ready, row.status, row.restarts, row.age];
  if (opts.allNamespaces) out.unshift(row.namespace);
  if (opts.wide) out.push(row.ip, row.node, row.nominatedNode, row.readinessGates);
  return out;
}

/**
 * `kubectl get pods` as a table, laid out by kubectl's tabwriter. Rows keep the given order (the
 * API lists pods sorted by namespace and name). An empty list prints nothing: kubectl says
 * `noResourcesFound(...)` on stderr instead.
 */
export function printPodTable(pods: readonly PrintablePod[], opts: PodTableOptions): string {
  if (pods.length === 0) return '';
  const header = cells(
    {
      namespace: 'NAMESPACE',
      name: 'NAME',
      ready: 'READY',
      status: 'STATUS',
      restarts: 'RESTARTS',
      age: 'AGE',
      ip: 'IP',
      node: 'NODE',
      nominatedNode: 'NOMINATED NODE',
      readinessGates: 'READINESS GATES',
    },
    opts,
  );
  const rows = pods.map((pod) => cells(computePodRow(pod, opts.nowMs), opts));
  return formatTabbed([header, ...rows].map((r) => `${r.join('\t')}\n`).join(''), TABLE_TABWRITER);
}

/** kubectl's message for an empty list (printed on stderr): with `-A`, no namespace is named. */
export function noResourcesFound(namespace: string | undefined): string {
  return namespace === undefined ? 'No resources found' : `No resources found in ${namespace} namespace.`;
}
