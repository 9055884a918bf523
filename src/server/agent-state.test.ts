import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { EventRecorder } from '../status/event-recorder.js';
import { StatusStore } from '../status/status-store.js';
import { makePod, POD_UID, T0 } from '../status/testing/fixtures.js';
import { createAgentState } from './agent-state.js';

function state(desired: Pod | undefined) {
  const store = new StatusStore();
  const running = makePod();
  store.set(POD_UID, { pod: { ...running, metadata: { ...running.metadata, labels: { app: 'web' } } }, file: '/m/web.yaml', status: { phase: 'Running' } as never, containers: [], createdAtMs: T0 });
  const api = createAgentState({
    nodeName: 'node-a', node: () => ({}) as never, store, events: new EventRecorder(() => T0), manifestProblems: () => [],
    configObjects: () => [], serviceObjects: () => [],
    ...(desired ? { desiredPod: (uid: string) => (uid === POD_UID ? desired : undefined) } : {}),
  });
  return { api, store };
}

describe('createAgentState', () => {
  it('shows the pod the directory now asks for (labels, image) over the last synced one, with its status', () => {
    const base = makePod();
    const written = { ...base, metadata: { ...base.metadata, labels: { app: 'web', tier: 'front' } }, spec: { ...base.spec, containers: base.spec.containers.map((c) => ({ ...c, image: 'busybox:1.36' })) } };
    const { api } = state(written);
    const pod = api.getPod('default', 'web')!;
    expect(pod.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(pod.spec.containers[0]!.image).toBe('busybox:1.36');
    expect(pod.status.phase).toBe('Running');
    expect(api.listPods()[0]!.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  it('shows the record when nothing is desired', () => {
    expect(state(undefined).api.getPod('default', 'web')!.metadata.labels).toEqual({ app: 'web' });
  });

  it('keeps a terminating pod\'s deletionTimestamp under the desired metadata', () => {
    const { api, store } = state(makePod());
    const record = store.get(POD_UID)!;
    store.set(POD_UID, { ...record, pod: { ...record.pod, metadata: { ...record.pod.metadata, deletionTimestamp: '2024-05-01T12:00:00Z' } } });
    expect((api.getPod('default', 'web')!.metadata as { deletionTimestamp?: string }).deletionTimestamp).toBe('2024-05-01T12:00:00Z');
  });
});
