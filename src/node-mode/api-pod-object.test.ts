import { describe, expect, it } from 'vitest';
import { podFacts } from '../api/pod-facts.js';
import { type ApiServerPod, decideApiPod } from './api-pod-object.js';

/** A pod of `kubectl create deployment web --image=minikubelet/busybox:1.35 -- sleep 3600`, as a 1.20 API server sends it. */
function deploymentPod(): ApiServerPod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: 'web-6d4b9c7f5-x2x9q', generateName: 'web-6d4b9c7f5-', namespace: 'default', uid: '0f3c1c84-5a0e-4d55-9d6a-6b0f2a1c9e11',
      resourceVersion: '812', creationTimestamp: '2026-12-05T10:00:00Z', labels: { app: 'web', 'pod-template-hash': '6d4b9c7f5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6d4b9c7f5', uid: 'aa', controller: true, blockOwnerDeletion: true }],
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: '2026-12-05T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {} }],
      selfLink: '/api/v1/namespaces/default/pods/web-6d4b9c7f5-x2x9q',
    } as unknown as ApiServerPod['metadata'],
    spec: {
      volumes: [{ name: 'default-token-7xk2p', secret: { secretName: 'default-token-7xk2p', defaultMode: 420 } }],
      containers: [{
        name: 'busybox', image: 'minikubelet/busybox:1.35', command: ['sleep', '3600'], resources: {},
        volumeMounts: [{ name: 'default-token-7xk2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
      }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', serviceAccountName: 'default', serviceAccount: 'default',
      nodeName: 'node-a', securityContext: {}, schedulerName: 'default-scheduler', enableServiceLinks: true, priority: 0, preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-12-05T10:00:00Z' }], qosClass: 'BestEffort' },
  };
}

describe('decideApiPod', () => {
  it('gives the pod the container hashes its own written form gives (the form noted from the API object is the same)', () => {
    const decision = decideApiPod(deploymentPod(), 'node-a');
    if (decision.kind !== 'run') throw new Error(decision.message);
    // A clone carries no noted form: its facts come from pruning the pod itself.
    expect(podFacts(decision.desired.pod).specHashes).toEqual(podFacts(structuredClone(decision.desired.pod)).specHashes);
  });

  it('runs a Deployment\'s pod with the API\'s name, namespace and UID, its service account token secret volume, marked as an API pod', () => {
    const decision = decideApiPod(deploymentPod(), 'node-a');
    expect(decision.kind).toBe('run');
    if (decision.kind !== 'run') return;
    const { desired } = decision;
    expect(desired.source).toBe('api');
    expect(desired.pod.metadata).toMatchObject({ name: 'web-6d4b9c7f5-x2x9q', namespace: 'default', uid: '0f3c1c84-5a0e-4d55-9d6a-6b0f2a1c9e11', labels: { app: 'web', 'pod-template-hash': '6d4b9c7f5' } });
    expect(desired.pod.metadata.annotations['kubernetes.io/config.source']).toBe('api');
    expect(desired.pod.spec.volumes[0]).toMatchObject({ name: 'default-token-7xk2p', secret: { secretName: 'default-token-7xk2p', defaultMode: 420 } });
    expect(desired.pod.spec.containers[0]).toMatchObject({ image: 'minikubelet/busybox:1.35', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] });
    expect(desired.pod.spec.nodeName).toBe('node-a');
    expect(desired.firstSeenMs).toBe(Date.parse('2026-12-05T10:00:00Z'));
  });

  it('does not let the API copy be changed through the desired pod', () => {
    const object = deploymentPod();
    const decision = decideApiPod(object, 'node-a');
    if (decision.kind === 'run') decision.desired.pod.spec.containers[0]!.command!.push('x');
    expect((object.spec.containers as { command: string[] }[])[0]!.command).toEqual(['sleep', '3600']);
  });

  it('refuses a spec it cannot run, naming the field and why', () => {
    const object = deploymentPod();
    object.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
    const decision = decideApiPod(object, 'node-a');
    expect(decision.kind).toBe('unsupported');
    if (decision.kind === 'unsupported') expect(decision.message).toBe('minikubelet cannot run this pod: spec.volumes[0].persistentVolumeClaim: pods that reference persistentvolumeclaims are not supported by minikubelet; use a hostPath volume');
  });
});
