import { describe, expect, it } from 'vitest';
import type { ApiPod } from '../../api/api-pod.js';
import { asKubeletPod, findKubeletPod, kubeletPodName } from './kubelet-pod-lookup.js';

function pod(namespace: string, name: string, uid: string, source?: string): ApiPod {
  return { metadata: { namespace, name, uid, annotations: source ? { 'kubernetes.io/config.source': source } : {} } } as unknown as ApiPod;
}

const pods = [pod('default', 'web', 'u-web', 'file'), pod('default', 'api-node-a', 'u-api', 'api'), pod('default', 'db', 'u-db', 'api')];
const lookup = {
  nodeName: 'Node-A',
  getPod: (namespace: string, name: string) => pods.find((p) => p.metadata.namespace === namespace && p.metadata.name === name),
};

describe('finding the pod a kubelet path names', () => {
  it.each([
    ['default', 'web', undefined, 'u-web'],
    ['default', 'web-node-a', undefined, 'u-web'],
    ['default', 'api-node-a', undefined, 'u-api'],
    ['default', 'db-node-a', undefined, undefined],
    ['kube-system', 'web', undefined, undefined],
    ['default', '-node-a', undefined, undefined],
    ['default', 'web', 'u-web', 'u-web'],
    ['default', 'web-node-a', 'u-web', 'u-web'],
    ['default', 'web', 'u-other', undefined],
  ])('%s/%s (uid %s) is %s', (namespace, name, uid, found) => {
    expect(findKubeletPod(lookup, namespace, name, uid)?.metadata.uid).toBe(found);
  });
});

describe('the name the kubelet port shows a pod by', () => {
  it('gives a manifest pod its mirror pod\'s name, <name>-<node> in lower case, and keeps an API pod\'s', () => {
    expect(kubeletPodName(pods[0]!, 'Node-A')).toBe('web-node-a');
    expect(kubeletPodName(pods[2]!, 'Node-A')).toBe('db');
    expect(asKubeletPod(pods[0]!, 'Node-A').metadata).toEqual({ ...pods[0]!.metadata, name: 'web-node-a' });
    expect(asKubeletPod(pods[2]!, 'Node-A')).toBe(pods[2]);
  });
});
