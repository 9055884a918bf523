import { describe, expect, it } from 'vitest';
import { makePodStatusPatch } from './pod-status-patch.js';

const UID = 'u1';
const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-12-05T10:00:00Z' };
const waiting = { name: 'app', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} };
const running = { name: 'app', image: 'busybox', imageID: 'docker://sha256:1', containerID: 'docker://c1', ready: true, started: true, restartCount: 0, state: { running: { startedAt: '2026-12-05T10:00:02Z' } }, lastState: {} };

describe('makePodStatusPatch', () => {
  it.each([
    ['nothing differs (null and absent alike)', { phase: 'Running', conditions: [scheduled], containerStatuses: [running] }, { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-12-05T10:00:00Z' }], containerStatuses: [running] }, undefined],
    [
      'a container that starts: its waiting state is nulled, running set, by name',
      { phase: 'Pending', containerStatuses: [waiting] },
      { phase: 'Running', containerStatuses: [running] },
      { phase: 'Running', containerStatuses: [{ name: 'app', imageID: 'docker://sha256:1', containerID: 'docker://c1', ready: true, started: true, state: { running: { startedAt: '2026-12-05T10:00:02Z' }, waiting: null } }] },
    ],
    [
      'conditions by type; one the kubelet does not own (only the API has it) is kept, not nulled',
      { conditions: [scheduled, { type: 'example.com/gate', status: 'True' }] },
      { conditions: [scheduled, { type: 'Ready', status: 'True', lastTransitionTime: '2026-12-05T10:00:03Z' }] },
      { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-05T10:00:03Z' }] },
    ],
    ['a field the kubelet no longer reports is nulled', { phase: 'Pending', nominatedNodeName: 'x' }, { phase: 'Pending' }, { nominatedNodeName: null }],
    ['podIPs by ip, new ones added', { podIPs: [] }, { podIP: '172.17.0.3', podIPs: [{ ip: '172.17.0.3' }] }, { podIP: '172.17.0.3', podIPs: [{ ip: '172.17.0.3' }] }],
  ])('%s', (_name, api, kubelet, expected) => {
    const patch = makePodStatusPatch(api, kubelet, UID);
    expect(patch).toEqual(expected === undefined ? undefined : { metadata: { uid: UID }, status: expected });
  });
});
