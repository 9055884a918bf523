import { describe, expect, it } from 'vitest';
import type { PodSecurityContext, SecurityContext } from '../api/pod-types.js';
import { makeContainer, makePod } from '../status/testing/fixtures.js';
import { makeSecurityOptions, verifyRunAsNonRoot } from './make-security-options.js';

function pod(podSc: PodSecurityContext | undefined, sc: SecurityContext | undefined) {
  const container = makeContainer('app', sc ? { securityContext: sc } : {});
  return { pod: makePod({ containers: [container], ...(podSc ? { securityContext: podSc } : {}) }), container };
}

describe('makeSecurityOptions (cri-dockerd security_context.go)', () => {
  it.each<[string, PodSecurityContext | undefined, SecurityContext | undefined, string | undefined, object]>([
    ['nothing set: the image defaults', undefined, undefined, '', {}],
    ['runAsUser and runAsGroup', undefined, { runAsUser: 1000, runAsGroup: 3000 }, '', { user: '1000:3000' }],
    ['the container overrides the pod', { runAsUser: 1, runAsGroup: 2 }, { runAsUser: 1000 }, '', { user: '1000:2' }],
    ['only runAsGroup: the image user with that group', undefined, { runAsGroup: 50 }, 'nobody', { user: 'nobody:50' }],
    ['only runAsGroup on a root image', { runAsGroup: 50 }, undefined, '', { user: '0:50' }],
    ['supplementalGroups', { supplementalGroups: [10, 20] }, undefined, '', { groupAdd: ['10', '20'] }],
    ['fsGroup alone', { fsGroup: 2000 }, undefined, '', { groupAdd: ['2000'] }],
    ['fsGroup first, then supplementalGroups (kubelet order)', { fsGroup: 2000, supplementalGroups: [10, 20] }, undefined, '', { groupAdd: ['2000', '10', '20'] }],
    ['fsGroup with runAsUser', { runAsUser: 1000, fsGroup: 2000, fsGroupChangePolicy: 'OnRootMismatch' }, undefined, '', { user: '1000', groupAdd: ['2000'] }],
    ['privileged, read-only root, capabilities', undefined, { privileged: true, readOnlyRootFilesystem: true, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } }, '', { privileged: true, readonlyRootfs: true, capAdd: ['NET_ADMIN'], capDrop: ['ALL'] }],
    ['allowPrivilegeEscalation false', undefined, { allowPrivilegeEscalation: false }, '', { securityOpt: ['no-new-privileges'] }],
    ['allowPrivilegeEscalation true adds nothing', undefined, { allowPrivilegeEscalation: true }, '', {}],
  ])('%s', (_name, podSc, sc, imageUser, expected) => {
    const { pod: p, container } = pod(podSc, sc);
    expect(makeSecurityOptions(p, container, imageUser)).toEqual(expected);
  });
});

describe('verifyRunAsNonRoot (kubelet)', () => {
  const where = '(pod: "web_default(6b1a4e0e-0000-4000-8000-000000000001)", container: app)';
  it.each<[string, PodSecurityContext | undefined, SecurityContext | undefined, string, string | undefined]>([
    ['not asked', undefined, undefined, '', undefined],
    ['runAsUser 0', { runAsNonRoot: true }, { runAsUser: 0 }, '1000', `container's runAsUser breaks non-root policy ${where}`],
    ['a non-zero runAsUser on a root image', { runAsNonRoot: true, runAsUser: 1000 }, undefined, '', undefined],
    ['a root image', undefined, { runAsNonRoot: true }, '', `container has runAsNonRoot and image will run as root ${where}`],
    ['an image running as 0:0', undefined, { runAsNonRoot: true }, '0:0', 'image will run as root'],
    ['an image with a non-numeric user', undefined, { runAsNonRoot: true }, 'nobody', 'image has non-numeric user (nobody), cannot verify user is non-root'],
    ['an image with a numeric non-root user', undefined, { runAsNonRoot: true }, '65534:65534', undefined],
    ['the container turning it off', { runAsNonRoot: true }, { runAsNonRoot: false }, '', undefined],
  ])('%s', (_name, podSc, sc, imageUser, expected) => {
    const { pod: p, container } = pod(podSc, sc);
    const error = verifyRunAsNonRoot(p, container, imageUser);
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(expected);
  });
});
