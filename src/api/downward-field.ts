import type { Pod } from './pod-types.js';
import { subscriptedPath } from './downward-paths.js';

/** What only the running pod knows: its IPs and the node's (`status.*` fields). */
export interface PodRuntimeIPs {
  podIPs: readonly string[];
  hostIPs: readonly string[];
}

/**
 * The value of a `fieldRef` (kubelet `podFieldSelectorRuntimeValue`, k8s
 * `pkg/kubelet/kubelet_pods.go`, and `pkg/fieldpath/fieldpath.go` `ExtractFieldPathAsString`):
 * lists are joined with commas, whole label and annotation maps are `key="value"` lines sorted by
 * key (`FormatMap`), a missing label or annotation is the empty string. Validation has refused
 * every other path.
 */
export function resolveFieldPath(pod: Pod, fieldPath: string, ips: PodRuntimeIPs): string {
  const subscript = subscriptedPath(fieldPath);
  if (subscript) return pod.metadata[subscript.field][subscript.key] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return ips.hostIPs[0] ?? '';
    case 'status.hostIPs':
      return ips.hostIPs.join(',');
    case 'status.podIP':
      return ips.podIPs[0] ?? '';
    case 'status.podIPs':
      return ips.podIPs.join(',');
    default:
      throw new Error(`unsupported fieldPath ${JSON.stringify(fieldPath)} (validation should have refused it)`);
  }
}

/** k8s `pkg/fieldpath/fieldpath.go` `FormatMap`: `key=%q` lines in key order, no trailing newline. */
export function formatMap(map: Readonly<Record<string, string>>): string {
  return Object.keys(map)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${goQuote(map[key] ?? '')}`)
    .join('\n');
}

/** Go's `%q` for a string: double-quoted with Go escapes (`\n`, `\t`, `\"`, `\\`, `\x01`); printable Unicode kept. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code <= 0x9f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
