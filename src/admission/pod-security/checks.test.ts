import { describe, expect, it } from 'vitest';
import { type PodSecurityLevel, podSecurityViolation } from './evaluate.js';
import { IMAGE, RESTRICTED_CONTEXT, app, parsePod } from './testing/pods.js';

/**
 * One row per check of k8s.io/pod-security-admission `policy/check_*.go`: a pod, and the message
 * PodSecurity gives at each level (undefined: admitted). Restricted rows start from a pod that meets
 * the restricted level, so only the check under test fails.
 */

type Row = [name: string, spec: Record<string, unknown>, baseline: string | undefined, restricted: string | undefined, annotations?: Record<string, string>];

const B = 'violates PodSecurity "baseline:latest": ';
const R = 'violates PodSecurity "restricted:latest": ';
const ok = (fields: Record<string, unknown> = {}) => app({ securityContext: { ...RESTRICTED_CONTEXT }, ...fields });
const withContext = (extra: Record<string, unknown>) => app({ securityContext: { ...RESTRICTED_CONTEXT, ...extra } });

const ROWS: Row[] = [
  ['a plain pod', { containers: [app()] }, undefined,
    `${R}allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ` +
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'],
  ['a restricted pod', { containers: [ok()] }, undefined, undefined],
  // hostNamespaces
  ['hostNetwork', { hostNetwork: true, containers: [ok()] }, `${B}host namespaces (hostNetwork)`, `${R}host namespaces (hostNetwork)`],
  ['all three host namespaces', { hostNetwork: true, hostPID: true, hostIPC: true, containers: [ok()] },
    `${B}host namespaces (hostIPC, hostNetwork, hostPID)`, `${R}host namespaces (hostIPC, hostNetwork, hostPID)`],
  // privileged
  // (The API's validation refuses privileged with allowPrivilegeEscalation: false, so these leave it unset.)
  ['privileged', { containers: [withContext({ privileged: true, allowPrivilegeEscalation: undefined })] },
    `${B}privileged (container "app" must not set securityContext.privileged=true)`,
    `${R}privileged (container "app" must not set securityContext.privileged=true), ` +
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)'],
  ['privileged: false', { containers: [withContext({ privileged: false })] }, undefined, undefined],
  ['two privileged containers, an init one first',
    { initContainers: [{ name: 'init', image: IMAGE, securityContext: { ...RESTRICTED_CONTEXT, privileged: true, allowPrivilegeEscalation: true } }],
      containers: [withContext({ privileged: true, allowPrivilegeEscalation: true })] },
    `${B}privileged (containers "init", "app" must not set securityContext.privileged=true)`,
    `${R}privileged (containers "init", "app" must not set securityContext.privileged=true), ` +
      'allowPrivilegeEscalation != false (containers "init", "app" must set securityContext.allowPrivilegeEscalation=false)'],
  // capabilities
  ['a default capability added', { containers: [withContext({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } })] },
    undefined, `${R}unrestricted capabilities (container "app" must not include "CHOWN" in securityContext.capabilities.add)`],
  ['NET_BIND_SERVICE added', { containers: [withContext({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] }, undefined, undefined],
  ['NET_RAW and SYS_ADMIN added, nothing dropped', { containers: [withContext({ capabilities: { add: ['SYS_ADMIN', 'NET_RAW'] }, allowPrivilegeEscalation: undefined })] },
    `${B}non-default capabilities (container "app" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)`,
    `${R}allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)`],
  // hostPath volumes / restricted volumes
  ['a hostPath volume', { volumes: [{ name: 'data', hostPath: { path: '/srv' } }], containers: [ok()] },
    `${B}hostPath volumes (volume "data")`, `${R}restricted volume types (volume "data" uses restricted volume type "hostPath")`],
  ['two hostPath volumes', { volumes: [{ name: 'a', hostPath: { path: '/srv/a' } }, { name: 'b', hostPath: { path: '/srv/b' } }], containers: [ok()] },
    `${B}hostPath volumes (volumes "a", "b")`, `${R}restricted volume types (volumes "a", "b" use restricted volume type "hostPath")`],
  ['emptyDir, configMap, secret, downwardAPI and projected volumes',
    { volumes: [{ name: 'e', emptyDir: {} }, { name: 'c', configMap: { name: 'c', optional: true } }, { name: 's', secret: { secretName: 's', optional: true } },
      { name: 'd', downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }, { name: 'p', projected: { sources: [] } }], containers: [ok()] },
    undefined, undefined],
  // hostPorts
  ['a hostPort', { containers: [ok({ ports: [{ containerPort: 80, hostPort: 8080 }] })] },
    `${B}hostPort (container "app" uses hostPort 8080)`, `${R}hostPort (container "app" uses hostPort 8080)`],
  ['two hostPorts', { containers: [ok({ ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 443, hostPort: 10443 }] })] },
    `${B}hostPort (container "app" uses hostPorts 10443, 8080)`, `${R}hostPort (container "app" uses hostPorts 10443, 8080)`],
  ['a containerPort alone', { containers: [ok({ ports: [{ containerPort: 80 }] })] }, undefined, undefined],
  // hostProbesAndHostLifecycle
  ['a probe with a host', { containers: [ok({ livenessProbe: { httpGet: { port: 80, host: '10.0.0.1' } }, lifecycle: { preStop: { tcpSocket: { port: 80, host: 'db' } } } })] },
    `${B}probe or lifecycle host (container "app" uses probe or lifecycle hosts "10.0.0.1", "db")`,
    `${R}probe or lifecycle host (container "app" uses probe or lifecycle hosts "10.0.0.1", "db")`],
  ['a probe without a host', { containers: [ok({ readinessProbe: { tcpSocket: { port: 80 } } })] }, undefined, undefined],
  // sysctls (minikubelet's validation already refuses the others)
  ['a safe sysctl', { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] }, containers: [ok()] }, undefined, undefined],
  // runAsNonRoot, runAsUser
  ['runAsNonRoot on the pod', { securityContext: { runAsNonRoot: true }, containers: [ok({ securityContext: { ...RESTRICTED_CONTEXT, runAsNonRoot: undefined } })] }, undefined, undefined],
  ['runAsNonRoot: false on a container', { securityContext: { runAsNonRoot: true }, containers: [withContext({ runAsNonRoot: false })] },
    undefined, `${R}runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)`],
  ['runAsNonRoot: false on the pod and a container', { securityContext: { runAsNonRoot: false }, containers: [withContext({ runAsNonRoot: false })] },
    undefined, `${R}runAsNonRoot != true (pod and container "app" must not set securityContext.runAsNonRoot=false)`],
  ['runAsUser: 0', { securityContext: { runAsUser: 0 }, containers: [withContext({ runAsUser: 0 })] },
    undefined, `${R}runAsUser=0 (pod and container "app" must not set runAsUser=0)`],
  ['runAsUser: 1000', { securityContext: { runAsUser: 1000 }, containers: [ok()] }, undefined, undefined],
  // allowPrivilegeEscalation
  ['allowPrivilegeEscalation: true', { containers: [withContext({ allowPrivilegeEscalation: true })] },
    undefined, `${R}allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)`],
  // seccompProfile (kept from the manifest as written; minikubelet itself ignores it)
  ['seccompProfile Unconfined on the pod', { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [ok()] },
    `${B}seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")`,
    `${R}seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")`],
  ['seccompProfile RuntimeDefault on the pod only', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [ok({ securityContext: { ...RESTRICTED_CONTEXT, seccompProfile: undefined } })] },
    undefined, undefined],
  ['seccompProfile Localhost on a container', { containers: [withContext({ seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })] }, undefined, undefined],
  // appArmorProfile
  ['appArmorProfile Unconfined', { containers: [withContext({ appArmorProfile: { type: 'Unconfined' } })] },
    `${B}forbidden AppArmor profile (container "app" must not set AppArmor profile type to "Unconfined")`,
    `${R}forbidden AppArmor profile (container "app" must not set AppArmor profile type to "Unconfined")`],
  ['an AppArmor annotation unconfined', { containers: [ok()] },
    `${B}forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"")`,
    `${R}forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"")`,
    { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }],
  ['appArmorProfile RuntimeDefault and a runtime/default annotation', { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } }, containers: [ok()] },
    undefined, undefined, { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' }],
  // seLinuxOptions
  ['seLinuxOptions with a custom type and user', { securityContext: { seLinuxOptions: { type: 'spc_t', user: 'system_u' } }, containers: [ok()] },
    `${B}seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)`,
    `${R}seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)`],
  ['seLinuxOptions container_t with a level', { containers: [withContext({ seLinuxOptions: { type: 'container_t', level: 's0:c1' } })] }, undefined, undefined],
  // procMount
  ['procMount Unmasked', { containers: [withContext({ procMount: 'Unmasked' })] },
    `${B}procMount (container "app" must not set securityContext.procMount to "Unmasked")`,
    `${R}procMount (container "app" must not set securityContext.procMount to "Unmasked")`],
  ['procMount Default', { containers: [withContext({ procMount: 'Default' })] }, undefined, undefined],
  // windowsHostProcess
  ['windowsOptions.hostProcess', { securityContext: { windowsOptions: { hostProcess: true } }, containers: [withContext({ windowsOptions: { hostProcess: true } })] },
    `${B}hostProcess (pod and container "app" must not set securityContext.windowsOptions.hostProcess=true)`,
    `${R}hostProcess (pod and container "app" must not set securityContext.windowsOptions.hostProcess=true)`],
];

describe('Pod Security Standards checks', () => {
  it.each(ROWS)('%s', (_name, spec, baseline, restricted, annotations) => {
    const { pod, written } = parsePod(spec, annotations);
    const at = (level: PodSecurityLevel) => podSecurityViolation(level, pod, written);
    expect(at('privileged')).toBeUndefined();
    expect(at('baseline')).toBe(baseline);
    expect(at('restricted')).toBe(restricted);
  });
});
