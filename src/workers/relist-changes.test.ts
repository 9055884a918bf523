import { describe, expect, it } from 'vitest';
import type { ObservedContainer, RuntimeState } from '../runtime/types.js';
import { podFingerprints, podsToRelist } from './relist-changes.js';

function container(podUid: string, id: string, state: RuntimeState): ObservedContainer {
  return {
    id, dockerName: `k8s_app_p_default_${podUid}_0`, podName: 'p', podNamespace: 'default', podUid, containerName: 'app', kind: 'app',
    attempt: 0, specHash: 'h', sandboxId: '', image: 'i', imageId: 'sha', state, createdAt: 0, oomKilled: false, labels: {},
  };
}

describe('podFingerprints', () => {
  it('is one string per pod of its containers IDs and states, in no particular listing order', () => {
    const a = podFingerprints([container('u1', 'c2', 'running'), container('u1', 'c1', 'running'), container('u2', 'c3', 'exited')]);
    const b = podFingerprints([container('u2', 'c3', 'exited'), container('u1', 'c1', 'running'), container('u1', 'c2', 'running')]);
    expect(a).toEqual(b);
    expect(a.get('u1')).toBe('c1:running,c2:running');
  });
});

const steady = new Map([['run', 'c1:running'], ['done', 'c2:exited']]);

describe('podsToRelist', () => {
  it.each<[string, Parameters<typeof podsToRelist>[0], string[]]>([
    ['the first relist syncs every pod', { previous: undefined, current: steady, desired: new Set(['run', 'done', 'new']), onDisk: ['old'], full: false }, ['run', 'done', 'new', 'old']],
    ['nothing changed: no pod is synced', { previous: steady, current: steady, desired: new Set(['run', 'done']), onDisk: ['run', 'done'], full: false }, []],
    ['a full resync syncs every pod, changed or not', { previous: steady, current: steady, desired: new Set(['run', 'done']), onDisk: [], full: true }, ['run', 'done']],
    ['a container that exited', { previous: steady, current: new Map([['run', 'c1:exited'], ['done', 'c2:exited']]), desired: new Set(['run', 'done']), onDisk: [], full: false }, ['run']],
    ['a container replaced (a restart: a new ID)', { previous: steady, current: new Map([['run', 'c9:running'], ['done', 'c2:exited']]), desired: new Set(['run', 'done']), onDisk: [], full: false }, ['run']],
    ['a pod whose containers are all gone', { previous: steady, current: new Map([['done', 'c2:exited']]), desired: new Set(['run', 'done']), onDisk: [], full: false }, ['run']],
    ['a wanted pod with no container yet (waiting to start) every time', { previous: steady, current: steady, desired: new Set(['run', 'done', 'waits']), onDisk: [], full: false }, ['waits']],
    ['a pod no manifest wants, still with containers', { previous: steady, current: steady, desired: new Set(['run']), onDisk: [], full: false }, ['done']],
    ['a pod directory left behind', { previous: steady, current: steady, desired: new Set(['run', 'done']), onDisk: ['orphan'], full: false }, ['orphan']],
  ])('%s', (_, input, expected) => {
    expect(podsToRelist(input).sort()).toEqual([...expected].sort());
  });
});
