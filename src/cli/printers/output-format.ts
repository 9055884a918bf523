import YAML from 'yaml';
import type { ApiPod } from '../../api/api-pod.js';

export type OutputFormat = 'json' | 'yaml';

export interface PodList {
  apiVersion: 'v1';
  kind: 'PodList';
  metadata: { resourceVersion: string };
  items: ApiPod[];
}

/** The v1 `PodList` that `get pods -o json|yaml` prints when no pod is named. */
export function makePodList(pods: readonly ApiPod[]): PodList {
  return { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '' }, items: [...pods] };
}

/**
 * One API object as `-o json` (2-space JSON) or `-o yaml`. YAML is written as sigs.k8s.io/yaml
 * (go-yaml) writes it: sequences not indented under their key, no line folding, and strings that
 * YAML 1.1 would read as something else (`"2024-05-01T12:00:00Z"`, `"on"`, `"0755"`) quoted.
 * Both end with a newline.
 */
export function formatObject(object: object, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(object, null, 2)}\n`;
  return YAML.stringify(object, { version: '1.1', indentSeq: false, lineWidth: 0 });
}

/** `get pods -o json|yaml`: a list prints as a `PodList`, a named pod as the `Pod` itself. */
export function formatPods(podsOrPod: readonly ApiPod[] | ApiPod, format: OutputFormat): string {
  return formatObject(Array.isArray(podsOrPod) ? makePodList(podsOrPod) : podsOrPod, format);
}
