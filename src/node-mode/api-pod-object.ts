import { applyPodDefaults } from '../api/defaults.js';
import { decodePod } from '../api/decode-pod.js';
import { noteWrittenForm } from '../api/pod-facts.js';
import { writtenForm } from '../api/written-form.js';
import type { PodStatus } from '../api/pod-status-types.js';
import { validatePod } from '../api/validate-pod.js';
import type { DesiredPod } from '../manifests/desired-pod.js';

/** A Pod as the API server sends it: what node mode reads of it; the rest goes to `decodePod`. */
export interface ApiServerPod {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
  };
  spec: Record<string, unknown> & { nodeName?: string };
  status?: Partial<PodStatus> & Record<string, unknown>;
}

/** The annotation that marks a pod's source, as the kubelet sets it in memory (`kubernetes.io/config.source: api`). */
export const CONFIG_SOURCE = 'kubernetes.io/config.source';
/** A mirror pod's annotation (the static pod's hash): such a pod is not run from the API. */
export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';

export type ApiPodDecision =
  | { kind: 'run'; desired: DesiredPod }
  /** The spec cannot run here: the pod goes `Failed` with this message (the field paths and why). */
  | { kind: 'unsupported'; message: string };

/**
 * An API pod → the `DesiredPod` the sync loop runs, through the same decoder, defaults and
 * validation as a manifest (unknown or unsupported fields are reported, not silently dropped),
 * keeping the API's name, namespace and UID (k8s `pkg/kubelet/config/apiserver.go`: API pods are
 * not renamed nor re-identified). Server-set metadata and the status are not part of the spec. Pure.
 */
export function decideApiPod(object: ApiServerPod, nodeName: string): ApiPodDecision {
  const { metadata } = object;
  const document = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: metadata.name, namespace: metadata.namespace, uid: metadata.uid, labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {} },
    spec: structuredClone(object.spec),
  };
  const decoded = decodePod(document);
  const errors = decoded.problems.filter((p) => p.severity === 'error');
  if (!decoded.manifest || errors.length > 0) return { kind: 'unsupported', message: describeProblems(errors.length > 0 ? errors : decoded.problems) };
  const pod = applyPodDefaults(decoded.manifest);
  const invalid = validatePod(pod).filter((p) => p.severity === 'error');
  if (invalid.length > 0) return { kind: 'unsupported', message: describeProblems(invalid) };
  const createdMs = metadata.creationTimestamp ? Date.parse(metadata.creationTimestamp) || 0 : 0;
  const apiPod = {
    ...pod,
    metadata: { ...pod.metadata, uid: metadata.uid, annotations: { ...pod.metadata.annotations, [CONFIG_SOURCE]: 'api' } },
    spec: { ...pod.spec, nodeName: object.spec.nodeName ?? nodeName },
  };
  noteWrittenForm(apiPod, writtenForm(decoded.manifest));
  return {
    kind: 'run',
    desired: {
      pod: apiPod,
      source: 'api',
      file: `/api/v1/namespaces/${metadata.namespace}/pods/${metadata.name}`,
      document: 0,
      firstSeenMs: createdMs,
      fileMtimeMs: 0,
    },
  };
}

function describeProblems(problems: readonly { path: string; message: string }[]): string {
  // The decoder words API references for static pods ("there is no API server to …"): here there is one, minikubelet just does not use it for these.
  const shown = problems.slice(0, 5).map((p) => {
    const message = p.message.replace(/^static pods may not reference (\S+): there is no API server to read them from; /, 'pods that reference $1 are not supported by minikubelet; ').replace(/: there is no API server to [^;]*;/, ': not supported by minikubelet;');
    return p.path ? `${p.path}: ${message}` : message;
  });
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return `minikubelet cannot run this pod: ${shown.join('; ')}${more}`;
}
