import { describe, expect, it } from 'vitest';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { makePod } from '../planner/testing/planner-fixtures.js';
import { adoptUids } from './uid-adoption.js';

function desired(uid: string, legacyUid?: string): DesiredPod {
  return { pod: makePod({ metadata: { uid } }), file: '/m/web.yaml', document: 0, firstSeenMs: 0, fileMtimeMs: 0, ...(legacyUid ? { legacyUid } : {}) };
}

describe('adoptUids', () => {
  const cases: Array<{ it: string; pod: DesiredPod; live: string[]; record?: Record<string, string>; uid: string; adopted: Record<string, string> }> = [
    { it: 'adopts a live pod that has the UID minikubelet 0.1 derives from the manifest', pod: desired('new', 'old'), live: ['old'], uid: 'old', adopted: { new: 'old' } },
    { it: 'keeps a pod adopted before when its legacy UID changed (relabelled after the upgrade)', pod: desired('new', 'old-relabelled'), live: ['old'], record: { new: 'old' }, uid: 'old', adopted: { new: 'old' } },
    { it: 'runs the pod under its new UID when nothing live has the old one', pod: desired('new', 'old'), live: [], uid: 'new', adopted: {} },
    { it: 'drops a recorded adoption whose pod is gone', pod: desired('new', 'old'), live: [], record: { new: 'old' }, uid: 'new', adopted: {} },
    { it: 'does nothing when the new UID already runs', pod: desired('new', 'old'), live: ['new', 'old'], uid: 'new', adopted: {} },
    { it: 'does not adopt for an edited spec (a new UID with no record, a legacy UID that matches nothing)', pod: desired('edited', 'old-edited'), live: ['old'], record: { new: 'old' }, uid: 'edited', adopted: {} },
    { it: 'never adopts for a pinned metadata.uid (no legacy UID)', pod: desired('pinned'), live: ['old'], uid: 'pinned', adopted: {} },
  ];
  it.each(cases)('$it', (c) => {
    const result = adoptUids([c.pod], (fullName) => (fullName === 'default/web' ? c.live : []), new Map(Object.entries(c.record ?? {})));
    expect(result.pods[0]?.pod.metadata.uid).toBe(c.uid);
    expect(Object.fromEntries(result.adopted)).toEqual(c.adopted);
  });

  it('an adopted pod carries its UID in the config.hash annotation and keeps its labels', () => {
    const pod = desired('new', 'old');
    pod.pod.metadata.labels = { app: 'web' };
    const adopted = adoptUids([pod], () => ['old'], new Map()).pods[0]!.pod;
    expect(adopted.metadata.annotations['kubernetes.io/config.hash']).toBe('old');
    expect(adopted.metadata.labels).toEqual({ app: 'web' });
  });

  it('only looks at live pods of the same namespace/name', () => {
    expect(adoptUids([desired('new', 'old')], (fullName) => (fullName === 'other/web' ? ['old'] : []), new Map()).pods[0]?.pod.metadata.uid).toBe('new');
  });
});
