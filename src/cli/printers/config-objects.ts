import type { ApiConfigObject } from '../../api/api-config-object.js';
import { PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe-writer.js';
import { TABLE_TABWRITER, formatTabbed } from './go-tabwriter.js';
import { timestampSince } from '../../shared/human-duration.js';

/** kubectl's ConfigMap and Secret printers (`printConfigMap`, `printSecret`, `DescribeConfigMap`, `DescribeSecret`). */

function dataCount(o: ApiConfigObject): number {
  return Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length;
}

/** `get configmaps`: NAME DATA AGE; `get secrets`: NAME TYPE DATA AGE; NAMESPACE first with -A. */
export function printConfigObjectTable(objects: readonly ApiConfigObject[], options: { allNamespaces: boolean; nowMs: number }): string {
  const secrets = objects[0]?.kind === 'Secret';
  const header = [...(options.allNamespaces ? ['NAMESPACE'] : []), 'NAME', ...(secrets ? ['TYPE'] : []), 'DATA', 'AGE'];
  const rows = objects.map((o) => [
    ...(options.allNamespaces ? [o.metadata.namespace] : []),
    o.metadata.name,
    ...(secrets ? [o.type ?? 'Opaque'] : []),
    String(dataCount(o)),
    timestampSince(o.metadata.creationTimestamp, options.nowMs),
  ]);
  return formatTabbed([header, ...rows].map((r) => `${r.join('\t')}\n`).join(''), TABLE_TABWRITER);
}

/** `describe configmap` shows the values; `describe secret` only their sizes in bytes, as kubectl does. */
export function describeConfigObject(o: ApiConfigObject): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata.labels ?? {});
  printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations ?? {});
  const data = o.data ?? {};
  const keys = Object.keys(data).sort();
  if (o.kind === 'Secret') {
    w.write(0, `\nType:\t${o.type ?? 'Opaque'}\n`);
    w.write(0, '\nData\n====\n');
    for (const k of keys) w.write(0, `${k}:\t${Buffer.from(data[k] ?? '', 'base64').length} bytes\n`);
    return w.toString();
  }
  w.write(0, '\nData\n====\n');
  for (const k of keys) w.write(0, `${k}:\n----\n${data[k] ?? ''}\n\n`);
  w.write(0, '\nBinaryData\n====\n');
  const binary = o.binaryData ?? {};
  for (const k of Object.keys(binary).sort()) w.write(0, `${k}: ${Buffer.from(binary[k] ?? '', 'base64').length} bytes\n`);
  w.write(0, '\nEvents:\t<none>\n');
  return w.toString();
}
