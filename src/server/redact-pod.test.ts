import { describe, expect, it } from 'vitest';
import { apiPod, makeContainer, makePod } from '../status/testing/fixtures.js';
import { REDACTED, redactPod } from './redact-pod.js';

describe('redactPod (the read-only port)', () => {
  it('hides env values and host paths, and keeps everything else', () => {
    const pod = makePod({
      initContainers: [makeContainer('init', { env: [{ name: 'TOKEN', value: 's3cret' }] })],
      containers: [makeContainer('app', { env: [{ name: 'PASSWORD', value: 'hunter2' }, { name: 'EMPTY' }] })],
      volumes: [{ name: 'host', hostPath: { path: '/etc/ssl', type: '' } }, { name: 'tmp', emptyDir: { medium: '' } }],
    });
    const shown = redactPod(apiPod(pod, { phase: 'Running', conditions: [], initContainerStatuses: [], containerStatuses: [] }));
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|hunter2|\/etc\/ssl/);
    expect(shown.spec.containers[0]!.env).toEqual([{ name: 'PASSWORD', value: REDACTED }, { name: 'EMPTY' }]);
    expect(shown.spec.initContainers[0]!.env[0]!.value).toBe(REDACTED);
    expect(shown.spec.volumes).toEqual([{ name: 'host', hostPath: { path: REDACTED, type: '' } }, { name: 'tmp', emptyDir: { medium: '' } }]);
    expect(shown.spec.containers[0]!.image).toBe(pod.spec.containers[0]!.image);
  });
});
