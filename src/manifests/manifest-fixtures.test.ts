import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatManifestProblem, parseManifest } from './parse-manifest.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/manifests');

/** What each invalid fixture must report: a substring of one formatted error (path and message). */
const EXPECTED: Record<string, string> = {
  'alias-bomb.yaml': '[0]: YAML aliases expand more than 100 times',
  'api-version-wrong.yaml': '[0] apiVersion: apiVersion "v2" is not supported',
  'binary-garbage.yaml': ': file is not valid UTF-8 text',
  'command-as-string.yaml': '[0] spec.containers[0].command: must be a list, got string "sleep 3600"',
  'command-unquoted-yes.yaml': '[0] spec.containers[0].command[1]: must be a string, got boolean true; quote the value',
  'configmap-key-invalid.yaml': '[0] data["bad key"]: invalid value "bad key": a valid config key must consist of alphanumeric characters',
  'container-name-underscore.yaml': '[0] spec.containers[0].name: invalid value "my_app": a lowercase RFC 1123 label',
  'container-port-quoted.yaml': '[0] spec.containers[0].ports[0].containerPort: must be an integer, got string "80"',
  'container-port-zero.yaml': '[0] spec.containers[0].ports[0].containerPort: invalid value 0: must be between 1 and 65535, inclusive',
  'container-restart-policy.yaml': '[0] spec.containers[0].restartPolicy: may not be set for non-init containers',
  'cpu-quantity-invalid.yaml': '[0] spec.containers[0].resources.limits.cpu: invalid value "1 core": quantities must match',
  'deep-nesting.yaml': ': nesting is deeper than the 64-level limit',
  'dns-policy-none.yaml': '[0] spec.dnsConfig: required: must provide `dnsConfig` when `dnsPolicy` is None',
  'duplicate-container-name.yaml': '[0] spec.containers[1].name: duplicate name "a"',
  'duplicate-host-port.yaml': '[0] spec.containers[1].ports[0].hostPort: duplicate hostPort 8080/TCP',
  'duplicate-key.yaml': '[0] spec.containers[0].image: duplicate key',
  'duplicate-mount-path.yaml': '[0] spec.containers[0].volumeMounts[1].mountPath: duplicate mountPath "/data"',
  'duplicate-name-init-and-app.yaml': '[0] spec.containers[0].name: duplicate name "app" (already used by spec.initContainers[0])',
  'duplicate-port-name.yaml': '[0] spec.containers[0].ports[1].name: duplicate port name "http"',
  'duplicate-volume-name.yaml': '[0] spec.volumes[1].name: duplicate name "data"',
  'empty-dir-size-limit-invalid.yaml': '[0] spec.volumes[0].emptyDir.sizeLimit: invalid value "1GB"',
  'env-file-key-ref.yaml': '[0] spec.containers[0].env[0].valueFrom.fileKeyRef: fileKeyRef needs the EnvFiles feature gate',
  'env-field-ref-unsupported.yaml': '[0] spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase"',
  'grpc-probe-key-case.yaml': '[0] spec.containers[0].livenessProbe: must specify a handler type (exec, httpGet, tcpSocket or grpc)',
  'grpc-probe-named-port.yaml': '[0] spec.containers[0].livenessProbe.grpc.port: must be an integer, got string "grpc"',
  'host-port-too-large.yaml': '[0] spec.containers[0].ports[0].hostPort: invalid value 80800: must be between 1 and 65535',
  'hostpath-relative.yaml': '[0] spec.volumes[0].hostPath.path: invalid value "srv/data": must be an absolute path',
  'hostpath-type-invalid.yaml': '[0] spec.volumes[0].hostPath.type: must be one of "", "DirectoryOrCreate"',
  'image-with-space.yaml': '[0] spec.containers[0].image: invalid value "nginx latest": must not contain whitespace',
  'init-container-probe.yaml': '[0] spec.initContainers[0].readinessProbe: may not be set for init containers without restartPolicy=Always',
  'kind-deployment.yaml': '[0] kind: kind "Deployment" is not supported: the manifest directory holds v1 Pods',
  'service-load-balancer.yaml': '[0] spec.type: type LoadBalancer is not supported: it needs a cloud load balancer',
  'label-value-number.yaml': '[0] metadata.labels.version: must be a string, got number 1',
  'label-value-with-space.yaml': '[0] metadata.labels.app: invalid value "my web": a valid label must be',
  'liveness-success-threshold.yaml': '[0] spec.containers[0].livenessProbe.successThreshold: invalid value 2: must be 1',
  'memory-uppercase-k.yaml': '[0] spec.containers[0].resources.requests.memory: invalid value "512K": unable to parse quantity\'s suffix',
  'missing-image.yaml': '[0] spec.containers[0].image: required',
  'missing-kind.yaml': '[0] kind: required: the manifest directory holds v1 Pods',
  'missing-name.yaml': '[0] metadata.name: required: every pod needs a name',
  'mount-path-relative.yaml': '[0] spec.containers[0].volumeMounts[0].mountPath: invalid value "data": must be an absolute path',
  'multi-doc-second-bad.yaml': '[1] spec.containers[0].image: required',
  'name-too-long.yaml': '[0] metadata.name: invalid value "aaaa',
  'name-uppercase.yaml': '[0] metadata.name: invalid value "Web": a lowercase RFC 1123 subdomain',
  'name-with-slash.yaml': '[0] metadata.name: invalid value "web/../../etc"',
  'named-probe-port-missing.yaml': '[0] spec.containers[0].livenessProbe.httpGet.port: port "http" not found',
  'namespace-with-dot.yaml': '[0] metadata.namespace: invalid value "kube.system": must not contain dots',
  'negative-grace-period.yaml': '[0] spec.terminationGracePeriodSeconds: invalid value -1: must be greater than or equal to 0',
  'nfs-volume.yaml': '[0] spec.volumes[0].nfs: volume type nfs is not supported by minikubelet',
  'no-containers.yaml': '[0] spec.containers: required: a pod needs at least one container',
  'nul-bytes.yaml': ': file contains NUL bytes',
  'port-name-too-long.yaml': '[0] spec.containers[0].ports[0].name: invalid value "a-very-long-port-name": must be no more than 15 characters',
  'probe-negative-period.yaml': '[0] spec.containers[0].readinessProbe.periodSeconds: invalid value -5: must be greater than or equal to 0',
  'probe-no-handler.yaml': '[0] spec.containers[0].livenessProbe: must specify a handler type',
  'probe-two-handlers.yaml': '[0] spec.containers[0].readinessProbe: may not specify more than 1 handler type',
  'protocol-lowercase.yaml': '[0] spec.containers[0].ports[0].protocol: must be one of "TCP", "UDP", "SCTP", got string "tcp" (did you mean "TCP"?)',
  'pvc-volume.yaml': '[0] spec.volumes[0].persistentVolumeClaim: static pods may not reference persistentvolumeclaims',
  'request-above-limit.yaml': '[0] spec.containers[0].resources.requests.cpu: invalid value "1": must be less than or equal to cpu limit of 500m',
  'restart-policy-invalid.yaml': '[0] spec.restartPolicy: must be one of "Always", "OnFailure", "Never", got string "always" (did you mean "Always"?)',
  'service-account-token-projection.yaml': '[0] spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: a static pod cannot have a service account token',
  'secret-base64-invalid.yaml': '[1] data.password: illegal base64 data at input byte 3',
  'sidecar-restart-policy.yaml': '[0] spec.initContainers[0].restartPolicy: must be "Always", got string "Never"',
  'sub-path-backstep.yaml': '[0] spec.containers[0].volumeMounts[0].subPath: invalid value "../../etc": must not contain \'..\'',
  'tab-indentation.yaml': '[0]: invalid YAML at line 4',
  'top-level-list.yaml': '[0]: a manifest document must be a mapping (a v1 Pod), got a list',
  'top-level-scalar.yaml': '[0]: a manifest document must be a mapping (a v1 Pod), got string',
  'uid-path-traversal.yaml': '[0] metadata.uid: invalid value "../../var/lib"',
  'utf16.yaml': ': file is UTF-16 encoded: save it as UTF-8',
  'volume-mount-undefined-volume.yaml': '[0] spec.containers[0].volumeMounts[0].name: volume "data" not found: define it in spec.volumes',
  'volume-two-sources.yaml': '[0] spec.volumes[0]: may not specify more than 1 volume type (has emptyDir and hostPath)',
  'apparmor-annotation-invalid.yaml': '[0] metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]: invalid value "my-profile": invalid AppArmor profile name',
  'emptydir-mode-too-large.yaml': '[0] spec.volumes[0].emptyDir.mode: invalid value 4095: must be a number between 0 and 01777 (octal)',
  'ephemeral-containers.yaml': '[0] spec.ephemeralContainers: Forbidden: cannot be set on create',
  'image-volume.yaml': '[0] spec.volumes[0].image: image volumes are not supported: they need a CRI runtime that mounts an OCI image or artifact',
  'seccomp-localhost-no-profile.yaml': '[0] spec.securityContext.seccompProfile.localhostProfile: required: must be set when seccomp type is Localhost',
  'toleration-gt-not-a-number.yaml': '[0] spec.tolerations[0].value: invalid value "gold": must be an integer for operator Gt',
  'not-a-manifest.json': '[0]: not a Kubernetes manifest: it has neither apiVersion nor kind',
  'kind-persistent-volume-claim.yaml': '[0] kind: kind "PersistentVolumeClaim" is not supported: the manifest directory holds v1 Pods, ConfigMaps, Secrets, Services and Endpoints, and discovery.k8s.io/v1 EndpointSlices; claims need an API server',
  'yaml-syntax-error.yaml': '[0]: invalid YAML at line',
};

function parseFixture(kind: 'valid' | 'invalid', name: string) {
  const file = join(FIXTURES, kind, name);
  return parseManifest({ file, content: readFileSync(file), nodeName: 'fixture-node' });
}

describe('invalid manifest fixtures', () => {
  const names = readdirSync(join(FIXTURES, 'invalid')).sort();

  it('has at least 30 fixtures, each with an expectation in this table', () => {
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(names.filter((n) => !(n in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((n) => !names.includes(n))).toEqual([]);
  });

  it.each(names)('%s is rejected with an error naming the file and the field', (name) => {
    const parsed = parseFixture('invalid', name);
    expect(parsed.pods).toEqual([]);
    const lines = parsed.errors.map(formatManifestProblem);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line.startsWith(name)).toBe(true);
    expect(lines).toContainEqual(expect.stringContaining(`${name}${EXPECTED[name] ?? '(no expectation)'}`));
  });
});

describe('valid manifest fixtures', () => {
  const names = readdirSync(join(FIXTURES, 'valid')).sort();

  it.each(names)('%s gives pods and no errors', (name) => {
    const parsed = parseFixture('valid', name);
    expect(parsed.errors.map(formatManifestProblem)).toEqual([]);
    expect(parsed.pods.length).toBeGreaterThanOrEqual(1);
  });

  it('warns about the status of a kubectl dry-run output and nothing else', () => {
    expect(parseFixture('valid', 'kubectl-dry-run-output.yaml').warnings.map(formatManifestProblem)).toEqual([
      'kubectl-dry-run-output.yaml[0] status: set by the kubelet; ignored in a manifest',
    ]);
  });

  it('accepts the fields a single Docker node cannot honour with a warning that says why', () => {
    const lines = parseFixture('valid', 'no-effect-fields.yaml').warnings.map(formatManifestProblem);
    expect(lines.map((l) => l.slice(0, l.indexOf(': ')).replace('no-effect-fields.yaml[0] ', '')).sort()).toEqual([
      'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
      'spec.containers[0].resizePolicy',
      'spec.containers[0].securityContext.cgroupOptions',
      'spec.hostUsers',
      'spec.initContainers[0].restartPolicyRules',
      'spec.securityContext.supplementalGroupsPolicy',
    ]);
  });

  it('keeps what the newer fields say: profiles, the service account, the emptyDir mode, Lt tolerations', () => {
    const only = (name: string) => {
      const parsed = parseFixture('valid', name);
      expect(parsed.warnings.map(formatManifestProblem)).toEqual([]);
      return parsed.pods[0]!.pod;
    };
    const confined = only('security-profiles.yaml');
    expect(confined.spec.securityContext?.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(confined.spec.containers[0]?.securityContext?.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/strict.json' });
    expect(only('service-account-name.yaml').spec.serviceAccountName).toBe('web');
    expect(only('emptydir-mode.yaml').spec.volumes[0]?.emptyDir?.mode).toBe(0o1777);
    expect(only('numeric-toleration.yaml').spec.tolerations?.[0]?.operator).toBe('Lt');
    expect(only('go-yaml-quote-escape.yaml').spec.containers[0]?.command?.[2]).toBe('echo "it\'s quoted"');
  });

  it('reads both pods of a multi-document file', () => {
    expect(parseFixture('valid', 'multi-doc.yaml').pods.map((p) => p.pod.metadata.name)).toEqual(['redis', 'worker']);
  });
});
