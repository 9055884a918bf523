import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PodStatus } from '../api/pod-status-types.js';
import type { Pod } from '../api/pod-types.js';
import { StatusStore } from '../status/status-store.js';
import type { ApiServerPod } from './api-pod-object.js';
import type { ApiPodSource } from './api-pod-source.js';
import type { KubeClient } from './kube-client.js';
import { PodStatusManager } from './pod-status-manager.js';

const status = (phase: PodStatus['phase'], podIP?: string): PodStatus =>
  ({ phase, conditions: [], initContainerStatuses: [], containerStatuses: [], ...(podIP ? { podIP } : {}) });

function manager(apiPod: ApiServerPod, shown: PodStatus) {
  const patches: unknown[] = [];
  const store = new StatusStore();
  const pod = { metadata: { name: apiPod.metadata.name, namespace: 'default', uid: apiPod.metadata.uid } } as unknown as Pod;
  store.set(apiPod.metadata.uid, { pod, file: '/api/v1/namespaces/default/pods/job', status: shown, containers: [], createdAtMs: 0 });
  const statusManager = new PodStatusManager({
    client: { patch: async (_path: string, body: unknown) => void patches.push(body) } as unknown as KubeClient,
    store,
    source: { pods: () => [apiPod] } as unknown as ApiPodSource,
    runtime: {} as never,
    log: pino({ level: 'silent' }),
    now: () => 0,
  });
  return { statusManager, patches };
}

const apiPod = (phase: string): ApiServerPod => ({ metadata: { name: 'job', namespace: 'default', uid: 'u1' }, spec: {}, status: { phase } as NonNullable<ApiServerPod['status']> });

describe('PodStatusManager', () => {
  it('never patches a running phase over a pod terminal in the API (kubelet status manager)', async () => {
    const { statusManager, patches } = manager(apiPod('Succeeded'), status('Pending'));
    statusManager.poke();
    await statusManager.idle();
    expect(patches).toEqual([]);
  });

  it('patches a status that differs from the API\'s', async () => {
    const { statusManager, patches } = manager(apiPod('Pending'), status('Running', '172.17.0.2'));
    statusManager.poke();
    await statusManager.idle();
    expect(patches).toHaveLength(1);
    expect(JSON.stringify(patches[0])).toContain('"phase":"Running"');
  });
});
