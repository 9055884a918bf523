import { describe, expect, it } from 'vitest';
import { decodePod } from './decode-pod.js';
import { applyPodDefaults } from './defaults.js';
import { validatePod } from './validate-pod.js';

type Fields = Record<string, unknown>;

/** A valid pod; each case overrides a part of it. */
function manifest({ metadata = {}, spec = {}, container = {} }: { metadata?: Fields; spec?: Fields; container?: Fields }): Fields {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', ...metadata },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25', ...container }], ...spec },
  };
}

function problems(document: Fields): string[] {
  const decoded = decodePod(document);
  if (!decoded.manifest) throw new Error(`did not decode: ${JSON.stringify(decoded.problems)}`);
  return validatePod(applyPodDefaults(decoded.manifest)).map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

const probe = (fields: Fields): Fields => ({ exec: { command: ['true'] }, ...fields });
const twoContainers = (a: Fields, b: Fields): Fields => ({
  containers: [
    { name: 'a', image: 'x', ...a },
    { name: 'b', image: 'x', ...b },
  ],
});

describe('validatePod', () => {
  it('accepts a complete, valid pod', () => {
    expect(
      problems(
        manifest({
          metadata: { namespace: 'apps', labels: { app: 'web', 'app.kubernetes.io/name': 'web' }, annotations: { 'example.com/note': 'any text' } },
          spec: {
            volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }, { name: 'host', hostPath: { path: '/srv', type: 'Directory' } }],
            initContainers: [{ name: 'init', image: 'busybox', command: ['true'] }],
            terminationGracePeriodSeconds: 10,
          },
          container: {
            ports: [{ name: 'http', containerPort: 80, hostPort: 8080 }],
            volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'a/b' }, { name: 'host', mountPath: '/srv', readOnly: true }],
            env: [{ name: 'A', value: '1' }],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
            livenessProbe: { httpGet: { port: 'http', httpHeaders: [{ name: 'X-Probe', value: '1' }] } },
            readinessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 },
            startupProbe: probe({ failureThreshold: 30 }),
            lifecycle: { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['true'] } } },
          },
        }),
      ),
    ).toEqual([]);
  });

  it('accepts grpc probes with a port number and an optional service', () => {
    const grpc = (fields: Fields): Fields => ({ grpc: { port: 9090, ...fields } });
    expect(
      problems(manifest({ container: { livenessProbe: grpc({}), readinessProbe: grpc({ service: 'ready' }), startupProbe: grpc({ port: 65535, service: '' }) } })),
    ).toEqual([]);
  });

  it.each([
    // metadata
    ['a missing name', manifest({ metadata: { name: undefined } }), 'error metadata.name: required: every pod needs a name'],
    ['an uppercase name', manifest({ metadata: { name: 'Web' } }), 'error metadata.name: invalid value "Web": a lowercase RFC 1123 subdomain'],
    ['a name with a slash', manifest({ metadata: { name: 'a/b' } }), 'error metadata.name: invalid value "a/b": a lowercase RFC 1123 subdomain'],
    ['a name of ..', manifest({ metadata: { name: '..' } }), 'error metadata.name: invalid value "..": a lowercase RFC 1123 subdomain'],
    ['a non-ASCII name', manifest({ metadata: { name: 'wéb' } }), 'error metadata.name: invalid value "wéb"'],
    ['a name longer than 253', manifest({ metadata: { name: 'a'.repeat(254) } }), 'must be no more than 253 characters'],
    ['a namespace with a dot', manifest({ metadata: { namespace: 'a.b' } }), 'error metadata.namespace: invalid value "a.b": must not contain dots'],
    ['a uid that escapes a path', manifest({ metadata: { uid: '../../etc' } }), 'error metadata.uid: invalid value "../../etc"'],
    ['a bad label key', manifest({ metadata: { labels: { 'a b': 'x' } } }), 'error metadata.labels: invalid value "a b": name part must consist of'],
    ['a bad label value', manifest({ metadata: { labels: { app: 'a b' } } }), 'error metadata.labels.app: invalid value "a b": a valid label must be an empty string'],
    ['a bad annotation key', manifest({ metadata: { annotations: { '/x': 'y' } } }), 'error metadata.annotations: invalid value "/x": prefix part must be non-empty'],
    ['too much annotation text', manifest({ metadata: { annotations: { a: 'x'.repeat(262_144) } } }), 'error metadata.annotations: too long: must have at most 262144 bytes'],
    // containers
    ['no containers', manifest({ spec: { containers: [] } }), 'error spec.containers: required: a pod needs at least one container'],
    ['a duplicate container name', manifest({ spec: twoContainers({ name: 'a' }, { name: 'a' }) }), 'error spec.containers[1].name: duplicate name "a" (already used by spec.containers[0])'],
    ['an app container named like an init container', manifest({ spec: { initContainers: [{ name: 'app', image: 'x' }] } }), 'error spec.containers[0].name: duplicate name "app" (already used by spec.initContainers[0])'],
    ['a container name with an underscore', manifest({ container: { name: 'my_app' } }), 'error spec.containers[0].name: invalid value "my_app": a lowercase RFC 1123 label'],
    ['a missing image', manifest({ container: { image: undefined } }), 'error spec.containers[0].image: required'],
    ['an empty image', manifest({ container: { image: '' } }), 'error spec.containers[0].image: required'],
    ['an image with whitespace', manifest({ container: { image: 'nginx latest' } }), 'error spec.containers[0].image: invalid value "nginx latest": must not contain whitespace'],
    ['a relative workingDir', manifest({ container: { workingDir: 'app' } }), 'error spec.containers[0].workingDir: invalid value "app": must be an absolute path'],
    ['an env name with =', manifest({ container: { env: [{ name: 'A=B', value: 'x' }] } }), "error spec.containers[0].env[0].name: invalid value \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
    // ports
    ['containerPort 0', manifest({ container: { ports: [{ containerPort: 0 }] } }), 'error spec.containers[0].ports[0].containerPort: invalid value 0: must be between 1 and 65535, inclusive'],
    ['containerPort 70000', manifest({ container: { ports: [{ containerPort: 70000 }] } }), 'error spec.containers[0].ports[0].containerPort: invalid value 70000: must be between 1 and 65535, inclusive'],
    ['hostPort 70000', manifest({ container: { ports: [{ containerPort: 80, hostPort: 70000 }] } }), 'error spec.containers[0].ports[0].hostPort: invalid value 70000: must be between 1 and 65535, inclusive'],
    ['a bad hostIP', manifest({ container: { ports: [{ containerPort: 80, hostIP: 'localhost' }] } }), 'error spec.containers[0].ports[0].hostIP: invalid value "localhost": must be a valid IP address'],
    ['a port name too long', manifest({ container: { ports: [{ containerPort: 80, name: 'a-very-long-port-name' }] } }), 'error spec.containers[0].ports[0].name: invalid value "a-very-long-port-name": must be no more than 15 characters'],
    ['a duplicate port name', manifest({ container: { ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81, name: 'http' }] } }), 'error spec.containers[0].ports[1].name: duplicate port name "http"'],
    ['a hostPort used twice', manifest({ spec: twoContainers({ ports: [{ containerPort: 80, hostPort: 8080 }] }, { ports: [{ containerPort: 81, hostPort: 8080 }] }) }), 'error spec.containers[1].ports[0].hostPort: duplicate hostPort 8080/TCP (already used by spec.containers[0].ports[0])'],
    ['hostNetwork with a different hostPort', manifest({ spec: { hostNetwork: true }, container: { ports: [{ containerPort: 80, hostPort: 81 }] } }), 'must match containerPort when hostNetwork is true'],
    // volumes and mounts
    ['a mount of an undefined volume', manifest({ container: { volumeMounts: [{ name: 'data', mountPath: '/data' }] } }), 'error spec.containers[0].volumeMounts[0].name: volume "data" not found: define it in spec.volumes'],
    ['a relative mountPath', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: 'data' }] } }), 'error spec.containers[0].volumeMounts[0].mountPath: invalid value "data": must be an absolute path'],
    ['a duplicate mountPath', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: '/d' }, { name: 'v', mountPath: '/d/' }] } }), 'error spec.containers[0].volumeMounts[1].mountPath: duplicate mountPath "/d/": must be unique'],
    ['a subPath with ..', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: '/d', subPath: 'a/../../etc' }] } }), "error spec.containers[0].volumeMounts[0].subPath: invalid value \"a/../../etc\": must not contain '..'"],
    ['an absolute subPath', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: '/d', subPath: '/etc' }] } }), 'error spec.containers[0].volumeMounts[0].subPath: invalid value "/etc": must be a relative path'],
    ['subPath and subPathExpr together', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: '/d', subPath: 'a', subPathExpr: '$(X)' }] } }), 'error spec.containers[0].volumeMounts[0].subPathExpr: invalid value "$(X)": subPathExpr and subPath are mutually exclusive'],
    ['an absolute subPathExpr', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: '/d', subPathExpr: '/$(X)' }] } }), 'error spec.containers[0].volumeMounts[0].subPathExpr: invalid value "/$(X)": must be a relative path'],
    ['a subPathExpr with ..', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: '/d', subPathExpr: '../$(X)' }] } }), "error spec.containers[0].volumeMounts[0].subPathExpr: invalid value \"../$(X)\": must not contain '..'"],
    ['Bidirectional propagation without privileged', manifest({ spec: { volumes: [{ name: 'v' }] }, container: { volumeMounts: [{ name: 'v', mountPath: '/d', mountPropagation: 'Bidirectional' }] } }), 'error spec.containers[0].volumeMounts[0].mountPropagation: Bidirectional mount propagation is available only to privileged containers'],
    ['a duplicate volume name', manifest({ spec: { volumes: [{ name: 'v' }, { name: 'v' }] } }), 'error spec.volumes[1].name: duplicate name "v"'],
    ['a volume name with a dot', manifest({ spec: { volumes: [{ name: 'v.1' }] } }), 'error spec.volumes[0].name: invalid value "v.1": must not contain dots'],
    ['two volume sources', manifest({ spec: { volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }] } }), 'error spec.volumes[0]: may not specify more than 1 volume type (has emptyDir and hostPath)'],
    ['a relative hostPath', manifest({ spec: { volumes: [{ name: 'v', hostPath: { path: 'srv' } }] } }), 'error spec.volumes[0].hostPath.path: invalid value "srv": must be an absolute path'],
    ['a hostPath with ..', manifest({ spec: { volumes: [{ name: 'v', hostPath: { path: '/srv/../etc' } }] } }), "error spec.volumes[0].hostPath.path: invalid value \"/srv/../etc\": must not contain '..'"],
    ['a bad sizeLimit', manifest({ spec: { volumes: [{ name: 'v', emptyDir: { sizeLimit: '1GB' } }] } }), 'error spec.volumes[0].emptyDir.sizeLimit: invalid value "1GB": quantities must match the regular expression'],
    ['a negative sizeLimit', manifest({ spec: { volumes: [{ name: 'v', emptyDir: { sizeLimit: '-1Gi' } }] } }), 'error spec.volumes[0].emptyDir.sizeLimit: invalid value "-1Gi": must be greater than or equal to 0'],
    // probes and lifecycle
    ['a probe without a handler', manifest({ container: { livenessProbe: { periodSeconds: 5 } } }), 'error spec.containers[0].livenessProbe: must specify a handler type (exec, httpGet, tcpSocket or grpc)'],
    ['a probe with two handlers', manifest({ container: { readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } } }), 'error spec.containers[0].readinessProbe: may not specify more than 1 handler type (has exec and tcpSocket)'],
    ['a grpc probe with another handler', manifest({ container: { livenessProbe: { exec: { command: ['true'] }, grpc: { port: 9000 } } } }), 'error spec.containers[0].livenessProbe: may not specify more than 1 handler type (has exec and grpc)'],
    ['a grpc probe port of 0', manifest({ container: { readinessProbe: { grpc: { port: 0 } } } }), 'error spec.containers[0].readinessProbe.grpc.port: invalid value 0: must be between 1 and 65535, inclusive'],
    ['a grpc probe port above 65535', manifest({ container: { startupProbe: { grpc: { port: 70000, service: 'x' } } } }), 'error spec.containers[0].startupProbe.grpc.port: invalid value 70000: must be between 1 and 65535, inclusive'],
    ['an exec probe without a command', manifest({ container: { livenessProbe: { exec: {} } } }), 'error spec.containers[0].livenessProbe.exec.command: required'],
    ['a negative initialDelaySeconds', manifest({ container: { livenessProbe: probe({ initialDelaySeconds: -1 }) } }), 'error spec.containers[0].livenessProbe.initialDelaySeconds: invalid value -1: must be greater than or equal to 0'],
    ['a negative failureThreshold', manifest({ container: { readinessProbe: probe({ failureThreshold: -3 }) } }), 'error spec.containers[0].readinessProbe.failureThreshold: invalid value -3: must be greater than or equal to 0'],
    ['a liveness successThreshold of 2', manifest({ container: { livenessProbe: probe({ successThreshold: 2 }) } }), 'error spec.containers[0].livenessProbe.successThreshold: invalid value 2: must be 1 for a livenessProbe'],
    ['a startup successThreshold of 3', manifest({ container: { startupProbe: probe({ successThreshold: 3 }) } }), 'error spec.containers[0].startupProbe.successThreshold: invalid value 3: must be 1 for a startupProbe'],
    ['a probe grace period on a readiness probe', manifest({ container: { readinessProbe: probe({ terminationGracePeriodSeconds: 5 }) } }), 'error spec.containers[0].readinessProbe.terminationGracePeriodSeconds: must not be set for readinessProbes'],
    ['a zero probe grace period', manifest({ container: { livenessProbe: probe({ terminationGracePeriodSeconds: 0 }) } }), 'error spec.containers[0].livenessProbe.terminationGracePeriodSeconds: invalid value 0: must be greater than 0'],
    ['a probe port out of range', manifest({ container: { livenessProbe: { tcpSocket: { port: 0 } } } }), 'error spec.containers[0].livenessProbe.tcpSocket.port: invalid value 0: must be between 1 and 65535, inclusive'],
    ['a quoted probe port number', manifest({ container: { livenessProbe: { httpGet: { port: '8080' } } } }), 'error spec.containers[0].livenessProbe.httpGet.port: invalid value "8080": a port number must not be quoted'],
    ['a probe port name not in ports', manifest({ container: { livenessProbe: { httpGet: { port: 'http' } } } }), 'error spec.containers[0].livenessProbe.httpGet.port: port "http" not found'],
    ['a bad probe header name', manifest({ container: { ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80, httpHeaders: [{ name: 'X Y', value: '1' }] } } } }), 'error spec.containers[0].livenessProbe.httpGet.httpHeaders[0].name: invalid value "X Y": a valid HTTP header'],
    ['a probe on an init container', manifest({ spec: { initContainers: [{ name: 'init', image: 'x', readinessProbe: probe({}) }] } }), 'error spec.initContainers[0].readinessProbe: may not be set for init containers without restartPolicy=Always'],
    ['lifecycle on an init container', manifest({ spec: { initContainers: [{ name: 'init', image: 'x', lifecycle: { preStop: { exec: { command: ['x'] } } } }] } }), 'error spec.initContainers[0].lifecycle: may not be set for init containers without restartPolicy=Always'],
    ['a hook with two handlers', manifest({ container: { lifecycle: { postStart: { exec: { command: ['x'] }, sleep: { seconds: 1 } } } } }), 'error spec.containers[0].lifecycle.postStart: may not specify more than 1 handler type (has exec and sleep)'],
    ['a preStop sleep longer than the grace period', manifest({ container: { lifecycle: { preStop: { sleep: { seconds: 60 } } } } }), 'error spec.containers[0].lifecycle.preStop.sleep.seconds: invalid value 60: must be between 0 and terminationGracePeriodSeconds (30), inclusive'],
    // resources
    ['an invalid cpu quantity', manifest({ container: { resources: { limits: { cpu: '1 core' } } } }), 'error spec.containers[0].resources.limits.cpu: invalid value "1 core": quantities must match the regular expression'],
    ['an uppercase K suffix', manifest({ container: { resources: { requests: { memory: '1K' } } } }), 'error spec.containers[0].resources.requests.memory: invalid value "1K": unable to parse quantity\'s suffix'],
    ['a negative request', manifest({ container: { resources: { requests: { cpu: '-1' } } } }), 'error spec.containers[0].resources.requests.cpu: invalid value "-1": must be greater than or equal to 0'],
    ['a request above its limit', manifest({ container: { resources: { limits: { cpu: '500m' }, requests: { cpu: '600m' } } } }), 'error spec.containers[0].resources.requests.cpu: invalid value "600m": must be less than or equal to cpu limit of 500m'],
    ['a memory request above its limit across suffixes', manifest({ container: { resources: { limits: { memory: '1G' }, requests: { memory: '1Gi' } } } }), 'must be less than or equal to memory limit of 1G'],
    ['an unknown resource', manifest({ container: { resources: { limits: { cpus: '1' } } } }), 'error spec.containers[0].resources.limits.cpus: unknown resource "cpus": must be cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource (did you mean cpu?)'],
    ['memory in millibytes', manifest({ container: { resources: { limits: { memory: '512m' } } } }), 'warning spec.containers[0].resources.limits.memory: "512m" means 512 thousandths of a byte; did you mean 512Mi?'],
    // pod spec
    ['a negative grace period', manifest({ spec: { terminationGracePeriodSeconds: -1 } }), 'error spec.terminationGracePeriodSeconds: invalid value -1: must be greater than or equal to 0'],
    ['a zero activeDeadlineSeconds', manifest({ spec: { activeDeadlineSeconds: 0 } }), 'error spec.activeDeadlineSeconds: invalid value 0: must be between 1 and 2147483647, inclusive'],
    ['dnsPolicy None without dnsConfig', manifest({ spec: { dnsPolicy: 'None' } }), 'error spec.dnsConfig: required: must provide `dnsConfig` when `dnsPolicy` is None'],
    ['a hostname with a dot', manifest({ spec: { hostname: 'a.b' } }), 'error spec.hostname: invalid value "a.b": must not contain dots'],
    ['a subdomain with a dot', manifest({ spec: { subdomain: 'web.x' } }), 'error spec.subdomain: invalid value "web.x": must not contain dots'],
  ])('reports %s', (_case, document, expected) => {
    expect(problems(document).join('\n')).toContain(expected);
  });

  it('reports every problem of a pod, not only the first', () => {
    const found = problems(
      manifest({
        metadata: { name: 'Web' },
        spec: twoContainers({ name: 'a', image: '' }, { name: 'a', ports: [{ containerPort: 0 }] }),
      }),
    );
    expect(found.map((p) => p.split(':')[0])).toEqual([
      'error metadata.name',
      'error spec.containers[0].image',
      'error spec.containers[1].ports[0].containerPort',
      'error spec.containers[1].name',
    ]);
  });

  it('accepts a pod name longer than a hostname, as the API server does (up to 253 characters)', () => {
    expect(problems(manifest({ metadata: { name: `${'a'.repeat(62)}-${'b'.repeat(40)}` } }))).toEqual([]);
  });

  it('allows hostPort 0 (no host port) in several containers', () => {
    expect(problems(manifest({ spec: twoContainers({ ports: [{ containerPort: 80, hostPort: 0 }] }, { ports: [{ containerPort: 80, hostPort: 0 }] }) }))).toEqual([]);
  });

  it('allows the same hostPort for different protocols or host IPs', () => {
    const spec = twoContainers(
      { ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '127.0.0.1' }] },
      { ports: [{ containerPort: 53, hostPort: 53 }] },
    );
    expect(problems(manifest({ spec }))).toEqual([]);
    const sameIpDifferentHosts = twoContainers(
      { ports: [{ containerPort: 80, hostPort: 80, hostIP: '127.0.0.1' }] },
      { ports: [{ containerPort: 80, hostPort: 80, hostIP: '127.0.0.2' }] },
    );
    expect(problems(manifest({ spec: sameIpDifferentHosts }))).toEqual([]);
  });
});
