import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import type { PodStatus } from '../api/pod-status-types.js';
import { type PodRecord, StatusStore } from './status-store.js';

const pod = { metadata: { name: 'web', namespace: 'default', uid: 'u1' } } as unknown as Pod;
const status = (phase: PodStatus['phase'], ready: boolean): PodStatus => ({
  phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], initContainerStatuses: [], containerStatuses: [],
} as unknown as PodStatus);
const record = (s: PodStatus, p: Pod = pod): PodRecord => ({ pod: p, file: '/m/web.yaml', status: s, containers: [], createdAtMs: 0 });

describe('StatusStore', () => {
  it('tells its listeners of a new pod, a changed status or pod object, and a removal; not of the same status published again', () => {
    const store = new StatusStore();
    let told = 0;
    store.onChange(() => told++);
    store.set('u1', record(status('Pending', false)));
    expect(told).toBe(1);
    store.set('u1', record(status('Pending', false)));
    expect(told).toBe(1);
    store.set('u1', record(status('Running', true)));
    expect(told).toBe(2);
    store.set('u1', record(status('Running', true), { ...pod }));
    expect(told).toBe(3);
    // The record is kept all the same (its containers, for logs and exec).
    const again = { ...record(status('Running', true), store.get('u1')!.pod), containers: [{ id: 'c1' }] as unknown as PodRecord['containers'] };
    store.set('u1', again);
    expect(told).toBe(3);
    expect(store.get('u1')).toBe(again);
    store.delete('u1');
    expect(told).toBe(4);
  });
});
