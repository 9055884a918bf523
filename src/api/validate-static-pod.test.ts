import { describe, expect, it } from 'vitest';
import { decodePod } from './decode-pod.js';
import { applyPodDefaults } from './defaults.js';
import { validatePod } from './validate-pod.js';
import { validateStaticPod } from './validate-static-pod.js';

function pod(token: Record<string, unknown> | undefined) {
  const decoded = decodePod({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'c', image: 'busybox' }],
      volumes: [{ name: 'v', projected: { sources: [{ downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } }, ...(token ? [{ serviceAccountToken: token }] : [])] } }],
    },
  });
  expect(decoded.problems).toEqual([]);
  return applyPodDefaults(decoded.manifest!);
}

describe('service account token projections', () => {
  it.each([
    ['a default lifetime of 1 hour', { path: 'token' }, []],
    ['an audience and 10 minutes', { path: 'token', audience: 'vault', expirationSeconds: 600 }, []],
    ['less than 10 minutes', { path: 'token', expirationSeconds: 599 }, ['spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds']],
    ['an absolute path', { path: '/token' }, ['spec.volumes[0].projected.sources[1].serviceAccountToken.path']],
    ['a path another source writes', { path: 'name' }, ['spec.volumes[0].projected.sources[1].serviceAccountToken.path']],
  ])('validates %s as the API server does', (_name, token, paths) => {
    const p = pod(token);
    expect(validatePod(p).filter((x) => x.severity === 'error').map((x) => x.path)).toEqual(paths);
  });

  it('defaults expirationSeconds to 3600', () => {
    expect(pod({ path: 'token' }).spec.volumes[0]?.projected?.sources[1]?.serviceAccountToken).toEqual({ path: 'token', expirationSeconds: 3600 });
  });

  it('refuses one in a static pod, saying where the token would come from', () => {
    expect(validateStaticPod(pod(undefined))).toEqual([]);
    const [problem] = validateStaticPod(pod({ path: 'token' }));
    expect(problem?.path).toBe('spec.volumes[0].projected.sources[1].serviceAccountToken');
    expect(problem?.message).toMatch(/only to a pod of a cluster.*secret source/);
  });
});
