import { describe, expect, it } from 'vitest';
import type { PodSecurityContext, SecurityContext } from '../api/pod-types.js';
import { makeContainer, makePod } from '../status/testing/fixtures.js';
import { makeSecurityOptions } from './make-security-options.js';
import { effectiveAppArmorProfile, localhostSeccompPath, profileSecurityOpts } from './security-profiles.js';

function pod(podSc: PodSecurityContext | undefined, sc: SecurityContext | undefined, annotations?: Record<string, string>) {
  const container = makeContainer('app', sc ? { securityContext: sc } : {});
  const p = makePod({ containers: [container], ...(podSc ? { securityContext: podSc } : {}) });
  if (annotations) p.metadata.annotations = annotations;
  return { pod: p, container };
}

const JSON_PROFILE = '{"defaultAction":"SCMP_ACT_ERRNO"}';

describe('profileSecurityOpts (cri-dockerd getSeccompSecurityOpts / getAppArmorOpts)', () => {
  it.each<[string, PodSecurityContext | undefined, SecurityContext | undefined, Record<string, string> | undefined, string[]]>([
    ['nothing set: the engine defaults', undefined, undefined, undefined, []],
    ['RuntimeDefault is the engine default', { seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'RuntimeDefault' } }, undefined, undefined, []],
    ['Unconfined on the pod', { seccompProfile: { type: 'Unconfined' }, appArmorProfile: { type: 'Unconfined' } }, undefined, undefined, ['seccomp=unconfined', 'apparmor=unconfined']],
    ['the container wins over the pod', { seccompProfile: { type: 'Unconfined' } }, { seccompProfile: { type: 'RuntimeDefault' } }, undefined, []],
    ['Localhost seccomp: the profile JSON', undefined, { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }, undefined, [`seccomp=${JSON_PROFILE}`]],
    ['Localhost AppArmor: the profile name', { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-deny-write' } }, undefined, undefined, ['apparmor=k8s-deny-write']],
    ['the deprecated AppArmor annotation', undefined, undefined, { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/legacy' }, ['apparmor=legacy']],
    ['the field wins over the annotation', { appArmorProfile: { type: 'RuntimeDefault' } }, undefined, { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }, []],
    ['an annotation for another container', undefined, undefined, { 'container.apparmor.security.beta.kubernetes.io/other': 'unconfined' }, []],
  ])('%s', (_name, podSc, sc, annotations, expected) => {
    const { pod: p, container } = pod(podSc, sc, annotations);
    expect(profileSecurityOpts(p, container, JSON_PROFILE)).toEqual(expected);
  });

  it('comes after no-new-privileges in SecurityOpt', () => {
    const { pod: p, container } = pod({ seccompProfile: { type: 'Unconfined' } }, { allowPrivilegeEscalation: false });
    expect(makeSecurityOptions(p, container, '').securityOpt).toEqual(['no-new-privileges', 'seccomp=unconfined']);
  });

  it('reads the annotation values the kubelet knows', () => {
    const at = (value: string) => effectiveAppArmorProfile(pod(undefined, undefined, { 'container.apparmor.security.beta.kubernetes.io/app': value }).pod, makeContainer('app'));
    expect(at('runtime/default')).toEqual({ type: 'RuntimeDefault' });
    expect(at('unconfined')).toEqual({ type: 'Unconfined' });
    expect(at('localhost/x')).toEqual({ type: 'Localhost', localhostProfile: 'x' });
  });

  it('finds a Localhost seccomp profile under <root-dir>/seccomp', () => {
    const { pod: p, container } = pod(undefined, { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } });
    expect(localhostSeccompPath('/var/lib/minikubelet', p, container)).toBe('/var/lib/minikubelet/seccomp/profiles/audit.json');
    expect(localhostSeccompPath('/r', pod(undefined, undefined).pod, makeContainer('app'))).toBeUndefined();
  });
});
