/**
 * The pod a kubelet-port path names (pure), as the API server knows it. A pod from the manifest
 * directory keeps its manifest name in the agent, while its mirror pod in the API is
 * `<name>-<node>` (the kubelet's static pod name, `pkg/kubelet/config/common.go`): both names
 * find it, and the kubelet port shows the second. With a UID in the
 * path, it must be the pod's (the kubelet's check against a pod replaced under the same name).
 */
import type { ApiPod } from '../../api/api-pod.js';

export interface PodLookup {
  nodeName: string;
  getPod(namespace: string, name: string): ApiPod | undefined;
}

export function findKubeletPod(lookup: PodLookup, namespace: string, name: string, uid?: string): ApiPod | undefined {
  const pod = lookup.getPod(namespace, name) ?? staticPodByMirrorName(lookup, namespace, name);
  if (pod === undefined || (uid !== undefined && pod.metadata.uid !== uid)) return undefined;
  return pod;
}

function staticPodByMirrorName(lookup: PodLookup, namespace: string, name: string): ApiPod | undefined {
  const suffix = `-${lookup.nodeName.toLowerCase()}`;
  if (!name.endsWith(suffix) || name.length === suffix.length) return undefined;
  const pod = lookup.getPod(namespace, name.slice(0, -suffix.length));
  return pod?.metadata.annotations?.['kubernetes.io/config.source'] === 'file' ? pod : undefined;
}

/**
 * The name the API server knows a pod by: a manifest pod's is its mirror pod's, `<name>-<node>`
 * (what the kubelet's /pods and Summary show for a static pod, and what metrics-server matches).
 */
export function kubeletPodName(pod: ApiPod, nodeName: string): string {
  const fromFile = pod.metadata.annotations?.['kubernetes.io/config.source'] === 'file';
  return fromFile ? `${pod.metadata.name}-${nodeName.toLowerCase()}` : pod.metadata.name;
}

/** The pod as the kubelet port shows it: under its API name. */
export function asKubeletPod(pod: ApiPod, nodeName: string): ApiPod {
  const name = kubeletPodName(pod, nodeName);
  return name === pod.metadata.name ? pod : { ...pod, metadata: { ...pod.metadata, name } };
}

/** The kubelet's words for a pod it does not run (`server.go`: `pod %q does not exist`), and where to look. */
export function podNotOnNode(namespace: string, name: string, nodeName: string): string {
  return `pod "${namespace}/${name}" does not exist on node ${nodeName}: check the pod's spec.nodeName and that the agent runs it (minikubelet get pods -A)`;
}
