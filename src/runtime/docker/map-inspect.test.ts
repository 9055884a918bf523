import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import * as L from '../labels.js';
import { mapInspect } from './map-inspect.js';

function inspected(labels: Record<string, string>, name = '/some-container'): Docker.ContainerInspectInfo {
  return {
    Id: 'c1', Name: name, Created: '2024-05-01T12:00:00Z', Image: 'sha256:1',
    Config: { Labels: labels, Image: 'busybox' }, State: { Status: 'running', ExitCode: 0, OOMKilled: false, StartedAt: '2024-05-01T12:00:01Z' },
    NetworkSettings: { Networks: {} },
  } as unknown as Docker.ContainerInspectInfo;
}

describe('mapInspect', () => {
  it('reads a pod container from its labels', () => {
    const c = mapInspect(inspected({ [L.LABEL_POD_UID]: 'uid-1', [L.LABEL_CONTAINER_NAME]: 'app', [L.LABEL_POD_NAME]: 'web', [L.LABEL_CONTAINER_TYPE]: 'app' }));
    expect(c).toMatchObject({ podUid: 'uid-1', containerName: 'app', podName: 'web', kind: 'app', state: 'running' });
  });

  it('is not fooled by labels that would make paths: such a container is not a pod of ours', () => {
    for (const [uid, name] of [['../../..', 'app'], ['uid-1/../..', 'app'], ['..', 'app'], ['uid-1', '../x'], ['uid-1', '..']]) {
      expect(mapInspect(inspected({ [L.LABEL_POD_UID]: uid!, [L.LABEL_CONTAINER_NAME]: name! })), `${uid} ${name}`).toBeUndefined();
    }
  });
});
