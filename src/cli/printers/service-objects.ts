import type { ApiEndpoints, ApiService } from '../../services/api-service.js';
import { formatEndpoints, formatSelector, servicePorts } from '../../services/service-columns.js';
import { PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe-writer.js';
import { TABLE_TABWRITER, formatTabbed } from './go-tabwriter.js';
import { timestampSince } from '../../shared/human-duration.js';

/** kubectl's Service and Endpoints printers (`printService`, `printEndpoints`, `describeService`); their cells in `services/service-columns.ts`. */

/** `get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (SELECTOR with -o wide; NAMESPACE first with -A). */
export function printServiceTable(services: readonly ApiService[], options: { allNamespaces: boolean; wide: boolean; nowMs: number }): string {
  const header = [...(options.allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', ...(options.wide ? ['SELECTOR'] : [])];
  const rows = services.map((s) => [
    ...(options.allNamespaces ? [s.metadata.namespace] : []),
    s.metadata.name,
    s.spec.type,
    s.spec.clusterIPs[0] ?? '<none>',
    '<none>',
    servicePorts(s),
    timestampSince(s.metadata.creationTimestamp, options.nowMs),
    ...(options.wide ? [formatSelector(s.spec.selector)] : []),
  ]);
  return formatTabbed([header, ...rows].map((r) => `${r.join('\t')}\n`).join(''), TABLE_TABWRITER);
}

/** `get endpoints`: NAME ENDPOINTS AGE (NAMESPACE first with -A). */
export function printEndpointsTable(items: readonly ApiEndpoints[], options: { allNamespaces: boolean; nowMs: number }): string {
  const header = [...(options.allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'ENDPOINTS', 'AGE'];
  const rows = items.map((e) => [
    ...(options.allNamespaces ? [e.metadata.namespace] : []),
    e.metadata.name,
    formatEndpoints(e),
    timestampSince(e.metadata.creationTimestamp, options.nowMs),
  ]);
  return formatTabbed([header, ...rows].map((r) => `${r.join('\t')}\n`).join(''), TABLE_TABWRITER);
}

/** `describe service`, as kubectl's `describeService` prints it. */
export function describeService(service: ApiService, endpoints: ApiEndpoints | undefined): string {
  const w = new PrefixWriter();
  const { metadata, spec } = service;
  w.write(0, `Name:\t${metadata.name}\n`);
  w.write(0, `Namespace:\t${metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels ?? {});
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations ?? {});
  w.write(0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type}\n`);
  w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies.join(',')}\n`);
  w.write(0, `IP:\t${spec.clusterIP}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs.join(',')}\n`);
  for (const p of spec.ports ?? []) {
    const name = p.name ?? '<unset>';
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol}\n`);
    w.write(0, `TargetPort:\t${p.targetPort}/${p.protocol}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`);
    w.write(0, `Endpoints:\t${endpoints ? formatEndpoints(endpoints, new Set([p.name ?? ''])) : ''}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  w.write(0, 'Events:\t<none>\n');
  return w.toString();
}
