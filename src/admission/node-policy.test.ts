import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import { checkNodePolicy } from './node-policy.js';

function pod(mutate: (p: Pod) => void): Pod {
  const p = makePod({ containers: [makeContainer('a')] });
  mutate(p);
  return p;
}

describe('checkNodePolicy', () => {
  it.each<[string, Pod, { allowPrivileged: boolean; allowedHostPaths?: string[] }, string | undefined]>([
    ['a plain pod', pod(() => {}), { allowPrivileged: false }, undefined],
    ['a privileged container without --allow-privileged', pod((p) => (p.spec.containers[0]!.securityContext = { privileged: true })), { allowPrivileged: false }, 'PrivilegedNotAllowed'],
    ['a privileged container with --allow-privileged', pod((p) => (p.spec.containers[0]!.securityContext = { privileged: true })), { allowPrivileged: true }, undefined],
    ['hostNetwork without --allow-privileged', pod((p) => (p.spec.hostNetwork = true)), { allowPrivileged: false }, 'HostNamespaceNotAllowed'],
    ['hostPID without --allow-privileged', pod((p) => (p.spec.hostPID = true)), { allowPrivileged: false }, 'HostNamespaceNotAllowed'],
    ['a hostPath under an allowed prefix', pod((p) => (p.spec.volumes = [{ name: 'd', hostPath: { path: '/srv/data/x', type: '' } }])), { allowPrivileged: false, allowedHostPaths: ['/srv/data'] }, undefined],
    ['a hostPath outside the allowed prefixes', pod((p) => (p.spec.volumes = [{ name: 'd', hostPath: { path: '/etc', type: '' } }])), { allowPrivileged: false, allowedHostPaths: ['/srv/data'] }, 'HostPathNotAllowed'],
    ['a hostPath that only shares a name prefix', pod((p) => (p.spec.volumes = [{ name: 'd', hostPath: { path: '/srv/database', type: '' } }])), { allowPrivileged: false, allowedHostPaths: ['/srv/data'] }, 'HostPathNotAllowed'],
    ['any hostPath when no list is set', pod((p) => (p.spec.volumes = [{ name: 'd', hostPath: { path: '/etc', type: '' } }])), { allowPrivileged: false }, undefined],
  ])('%s', (_name, candidate, policy, reason) => {
    const result = checkNodePolicy(candidate, policy);
    expect(result.ok ? undefined : result.reason).toBe(reason);
  });
});
