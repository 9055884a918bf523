import { describe, expect, it } from 'vitest';
import { decodePod } from './decode-pod.js';
import { applyPodDefaults } from './defaults.js';
import { validatePod } from './validate-pod.js';

type Fields = Record<string, unknown>;

function problems(spec: Fields = {}, container: Fields = {}): string[] {
  const decoded = decodePod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25', ...container }], ...spec },
  });
  if (!decoded.manifest) throw new Error(`did not decode: ${JSON.stringify(decoded.problems)}`);
  return [...decoded.problems, ...validatePod(applyPodDefaults(decoded.manifest))].map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

describe('validatePod: security contexts, host namespaces, host aliases, DNS', () => {
  it('accepts the supported fields together', () => {
    expect(
      problems(
        {
          shareProcessNamespace: true,
          securityContext: {
            runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, supplementalGroups: [2000],
            sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }, { name: 'kernel/shm_rmid_forced', value: '1' }],
          },
          hostAliases: [{ ip: '10.1.2.3', hostnames: ['db', 'db.local'] }],
          dnsPolicy: 'None',
          dnsConfig: { nameservers: ['1.1.1.1'], searches: ['example.com.'], options: [{ name: 'ndots', value: '2' }] },
        },
        {
          securityContext: {
            runAsUser: 1001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
          },
        },
      ),
    ).toEqual([]);
  });

  it.each<[string, Fields, Fields, string]>([
    ['a negative runAsUser', { securityContext: { runAsUser: -1 } }, {}, 'error spec.securityContext.runAsUser: invalid value -1: must be between 0 and 2147483647, inclusive'],
    ['a container runAsGroup too large', {}, { securityContext: { runAsGroup: 2147483648 } }, 'error spec.containers[0].securityContext.runAsGroup: invalid value 2147483648'],
    ['a negative supplemental group', { securityContext: { supplementalGroups: [-5] } }, {}, 'error spec.securityContext.supplementalGroups[0]: invalid value -5'],
    ['privileged without privilege escalation', {}, { securityContext: { privileged: true, allowPrivilegeEscalation: false } }, 'error spec.containers[0].securityContext: cannot set `allowPrivilegeEscalation` to false and `privileged` to true'],
    ['CAP_SYS_ADMIN without privilege escalation', {}, { securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } } }, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'],
    ['shareProcessNamespace with hostPID', { shareProcessNamespace: true, hostPID: true }, {}, 'error spec.shareProcessNamespace: invalid value true: ShareProcessNamespace and HostPID cannot both be enabled'],
    ['an unsafe sysctl', { securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } }, {}, 'error spec.securityContext.sysctls[0].name: invalid value "net.core.somaxconn": forbidden sysctl: "net.core.somaxconn" not allowlisted'],
    ['a malformed sysctl name', { securityContext: { sysctls: [{ name: 'Net.IPv4', value: '1' }] } }, {}, 'error spec.securityContext.sysctls[0].name: invalid value "Net.IPv4": must have at most 253 characters'],
    ['a duplicate sysctl (dotted and slashed)', { securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'kernel/shm_rmid_forced', value: '0' }] } }, {}, 'error spec.securityContext.sysctls[1].name: duplicate sysctl "kernel/shm_rmid_forced"'],
    ['a net sysctl with hostNetwork', { hostNetwork: true, securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] } }, {}, 'sysctl "net.ipv4.tcp_syncookies" not allowed with host net enabled'],
    ['an ipc sysctl with hostIPC', { hostIPC: true, securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] } }, {}, 'sysctl "kernel.shm_rmid_forced" not allowed with host ipc enabled'],
    ['a host alias with a bad IP', { hostAliases: [{ ip: 'db', hostnames: ['x'] }] }, {}, 'error spec.hostAliases[0].ip: invalid value "db": must be a valid IP address'],
    ['a host alias with a bad hostname', { hostAliases: [{ ip: '10.0.0.1', hostnames: ['Bad_Name'] }] }, {}, 'error spec.hostAliases[0].hostnames[0]: invalid value "Bad_Name"'],
    ['dnsPolicy None without nameservers', { dnsPolicy: 'None', dnsConfig: { searches: ['a.com'] } }, {}, 'error spec.dnsConfig.nameservers: required: must provide at least one DNS nameserver when `dnsPolicy` is None'],
    ['four nameservers', { dnsConfig: { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] } }, {}, 'error spec.dnsConfig.nameservers: invalid value "1.1.1.1,1.0.0.1,8.8.8.8,8.8.4.4": must not have more than 3 nameservers'],
    ['a nameserver that is not an IP', { dnsConfig: { nameservers: ['dns.local'] } }, {}, 'error spec.dnsConfig.nameservers[0]: invalid value "dns.local": must be a valid IP address'],
    ['a DNS option without a name', { dnsConfig: { options: [{ value: '2' }] } }, {}, 'error spec.dnsConfig.options[0].name: required'],
    ['a bad search domain', { dnsConfig: { searches: ['bad domain'] } }, {}, 'error spec.dnsConfig.searches[0]: invalid value "bad domain"'],
  ])('reports %s', (_case, spec, container, expected) => {
    expect(problems(spec, container).join('\n')).toContain(expected);
  });

  it('refuses an unknown mountPropagation mode at decoding', () => {
    const decoded = decodePod({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' },
      spec: { volumes: [{ name: 'v' }], containers: [{ name: 'app', image: 'x', volumeMounts: [{ name: 'v', mountPath: '/d', mountPropagation: 'Shared' }] }] },
    });
    expect(decoded.problems.map((p) => `${p.severity} ${p.path}`)).toEqual(['error spec.containers[0].volumeMounts[0].mountPropagation']);
  });
});

describe('validatePod: fsGroup', () => {
  it('accepts an fsGroup with either change policy, beside runAsUser and supplementalGroups', () => {
    for (const fsGroupChangePolicy of ['Always', 'OnRootMismatch'])
      expect(problems({ securityContext: { runAsUser: 1000, fsGroup: 2000, fsGroupChangePolicy, supplementalGroups: [3000] } })).toEqual([]);
    expect(problems({ securityContext: { fsGroup: 0 } })).toEqual([]);
  });

  it.each([
    [-1, 'error spec.securityContext.fsGroup: invalid value -1: must be between 0 and 2147483647, inclusive'],
    [2147483648, 'error spec.securityContext.fsGroup: invalid value 2147483648: must be between 0 and 2147483647, inclusive'],
  ])('refuses fsGroup %i (k8s IsValidGroupID)', (fsGroup, expected) => {
    expect(problems({ securityContext: { fsGroup } })).toEqual([expected]);
  });
});
