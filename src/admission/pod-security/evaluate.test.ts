import { describe, expect, it } from 'vitest';
import { makeNodeInfo } from '../../node/node-info.js';
import { PodAdmission } from '../pod-admission.js';
import { podSecurityCheckIds, podSecurityViolation } from './evaluate.js';
import { RESTRICTED_CONTEXT, app, parsePod } from './testing/pods.js';

describe('podSecurityCheckIds', () => {
  it('runs the library\'s checks in its order: baseline IDs sorted, then restricted IDs, overridden baseline checks left out', () => {
    expect(podSecurityCheckIds('privileged')).toEqual([]);
    expect(podSecurityCheckIds('baseline')).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle',
      'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess',
    ]);
    expect(podSecurityCheckIds('restricted')).toEqual([
      'appArmorProfile', 'hostNamespaces', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'seLinuxOptions', 'sysctls', 'windowsHostProcess',
      'allowPrivilegeEscalation', 'capabilities_restricted', 'procMount_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
    ]);
  });
});

describe('podSecurityViolation', () => {
  it('names every failing check in one message', () => {
    const { pod, written } = parsePod({
      hostNetwork: true,
      volumes: [{ name: 'data', hostPath: { path: '/srv/data' } }],
      containers: [app({ securityContext: { privileged: true }, ports: [{ containerPort: 80, hostPort: 80 }] })],
    });
    expect(podSecurityViolation('baseline', pod, written)).toBe(
      'violates PodSecurity "baseline:latest": host namespaces (hostNetwork), hostPath volumes (volume "data"), ' +
        'hostPort (container "app" uses hostPort 80), privileged (container "app" must not set securityContext.privileged=true)',
    );
  });

  it('reads the security fields from the manifest as written', () => {
    const document = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [app({ securityContext: { ...RESTRICTED_CONTEXT, seccompProfile: undefined } })] } };
    const { pod, written } = parsePod(document.spec);
    expect(written).toEqual({ pod: { seccompProfileType: 'RuntimeDefault' }, containers: {} });
    // seccompProfile is decoded (and applied) too now; the written record is what the checks read.
    expect(pod.spec.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
    expect(podSecurityViolation('restricted', pod, written)).toBeUndefined();
    // The decoded pod carries it as well.
    expect(podSecurityViolation('restricted', pod)).toBeUndefined();
  });

  it('exempts a windows pod from the Linux-only restricted checks', () => {
    const { pod, written } = parsePod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [app()] });
    expect(podSecurityViolation('restricted', pod, written)).toBeUndefined();
  });
});

describe('PodAdmission with --pod-security', () => {
  const node = makeNodeInfo({ name: 'n', extraLabels: {}, os: 'linux', arch: 'amd64', cpus: 2, memoryBytes: 4 * 2 ** 30, maxPods: 110, reserved: { cpuMillis: 0, memoryBytes: 0 } });
  const candidate = (spec: Record<string, unknown>, mtime = 1) => {
    const { pod, written } = parsePod(spec);
    return { pod, live: false, firstSeenMs: 1, fileMtimeMs: mtime, ...(written ? { written } : {}) };
  };

  it('refuses with reason PodSecurity before the node policy, and leaves live pods alone', () => {
    const admission = new PodAdmission(node, { podSecurity: 'baseline', allowPrivileged: false });
    const privileged = candidate({ containers: [app({ securityContext: { privileged: true } })] });
    const live = { ...candidate({ hostPID: true, containers: [app()] }), live: true };
    admission.update([privileged, live]);
    expect(admission.decision(privileged.pod.metadata.uid)).toMatchObject({
      admit: false,
      reason: 'PodSecurity',
      message: 'violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)',
    });
    expect(admission.decision(live.pod.metadata.uid)?.admit).toBe(true);
  });

  it('admits everything the node policy admits at the default level', () => {
    const admission = new PodAdmission(node, { allowPrivileged: true });
    const pod = candidate({ hostNetwork: true, containers: [app({ securityContext: { privileged: true } })] });
    admission.update([pod]);
    expect(admission.decision(pod.pod.metadata.uid)?.admit).toBe(true);
  });

  it('decides again when the file is touched, with the fields it now writes', () => {
    const admission = new PodAdmission(node, { podSecurity: 'baseline', allowPrivileged: true });
    const before = candidate({ securityContext: { seLinuxOptions: { user: 'root' } }, containers: [app()] });
    admission.update([before]);
    expect(admission.decision(before.pod.metadata.uid)?.admit).toBe(false);
    // Only an ignored field changed: same UID, a newer mtime.
    const after = candidate({ securityContext: { seLinuxOptions: { type: 'container_t' } }, containers: [app()] }, 2);
    expect(after.pod.metadata.uid).toBe(before.pod.metadata.uid);
    admission.update([after]);
    expect(admission.decision(after.pod.metadata.uid)?.admit).toBe(true);
  });
});
