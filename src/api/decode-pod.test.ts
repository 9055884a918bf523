import { describe, expect, it } from 'vitest';
import { decodePod } from './decode-pod.js';
import type { FieldProblem } from './field-path.js';

function pod(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = { name: 'web' }): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec } };
}
function container(fields: Record<string, unknown>): Record<string, unknown> {
  return pod({ containers: [{ name: 'app', image: 'nginx', ...fields }] });
}
const lines = (problems: FieldProblem[]) => problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);

describe('decodePod: the document type', () => {
  it.each([
    [[], 'error : a manifest document must be a mapping (a v1 Pod), got a list'],
    ['hello', 'error : a manifest document must be a mapping (a v1 Pod), got string "hello"'],
    [{ apiVersion: 'v1', kind: 'ReplicaSet' }, 'error kind: kind "ReplicaSet" is not supported: the manifest directory holds v1 Pods, ConfigMaps, Secrets, Services and Endpoints, and discovery.k8s.io/v1 EndpointSlices'],
    [{ apiVersion: 'v1', kind: 'PodList' }, 'error kind: kind "PodList" is not supported: the manifest directory holds v1 Pods, ConfigMaps, Secrets, Services and Endpoints, and discovery.k8s.io/v1 EndpointSlices'],
    [{ apiVersion: 'v1' }, 'error kind: required: the manifest directory holds v1 Pods, ConfigMaps, Secrets, Services and Endpoints, and discovery.k8s.io/v1 EndpointSlices (kind: Pod)'],
    [{ apiVersion: 'apps/v1', kind: 'Pod' }, 'error apiVersion: apiVersion "apps/v1" is not supported: a Pod is apiVersion v1'],
    [{ kind: 'Pod' }, 'error apiVersion: required: a Pod is apiVersion v1'],
  ])('refuses %j', (document, expected) => {
    const decoded = decodePod(document);
    expect(decoded.manifest).toBeUndefined();
    expect(lines(decoded.problems)).toEqual([expected]);
  });
});

describe('decodePod: unknown and unsupported fields', () => {
  it.each([
    [container({ workdir: '/x' }), 'warning spec.containers[0].workdir: unknown field, ignored; did you mean `workingDir`?'],
    [container({ imagepullpolicy: 'Always' }), 'warning spec.containers[0].imagepullpolicy: unknown field, ignored; did you mean `imagePullPolicy`?'],
    [container({ volume_mounts: [] }), 'warning spec.containers[0].volume_mounts: unknown field, ignored; did you mean `volumeMounts`?'],
    [container({ commands: ['x'] }), 'warning spec.containers[0].commands: unknown field, ignored; did you mean `command`?'],
    [container({ livenessProbe: { gRPC: { port: 9000 } } }), 'warning spec.containers[0].livenessProbe.gRPC: unknown field, ignored; did you mean `grpc`?'],
    [pod({}, { name: 'web', restartPolicy: 'Never' }), 'warning metadata.restartPolicy: unknown field, ignored; `restartPolicy` belongs in spec (check the indentation)'],
    [pod({ image: 'nginx' }), 'warning spec.image: unknown field, ignored; `image` belongs in spec.containers[] (check the indentation)'],
    [pod({ frobnicate: true }), 'warning spec.frobnicate: unknown field, ignored'],
    [container({ securityContext: { privileged: true, seLinuxOptions: { level: 's0' } } }), 'warning spec.containers[0].securityContext.seLinuxOptions: not supported by minikubelet yet; ignored'],
    [container({ securityContext: { cgroupOptions: { mountMode: 'ReadWrite' } } }), 'warning spec.containers[0].securityContext.cgroupOptions: not supported: Docker\'s API has no per-container writable cgroup mount (a privileged container has one); the engine mounts /sys/fs/cgroup read-only'],
    [container({ resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] }), 'warning spec.containers[0].resizePolicy: has no effect: minikubelet never resizes a running container; an edited manifest recreates the pod with the new resources'],
    [pod({ schedulerName: 'custom' }), 'warning spec.schedulerName: has no effect on a static pod (there is no scheduler); ignored'],
    [pod({ priority: 10 }), 'warning spec.priority: has no effect on a static pod (there is no scheduler); ignored'],
    [pod({}, { name: 'web', resourceVersion: '1' }), 'warning metadata.resourceVersion: set by the API server; ignored in a manifest'],
    [{ ...pod(), status: { phase: 'Running' } }, 'warning status: set by the kubelet; ignored in a manifest'],
    [container({ volumeMounts: [{ name: 'v', mountPath: '/v', recursiveReadOnly: 'Enabled' }] }), 'warning spec.containers[0].volumeMounts[0].recursiveReadOnly: not supported by minikubelet yet; ignored'],
  ])('warns and drops: %#', (document, expected) => {
    const decoded = decodePod(document);
    expect(decoded.manifest).toBeDefined();
    expect(lines(decoded.problems)).toEqual([expected]);
  });

  it.each([
    [pod({ volumes: [{ name: 'p', persistentVolumeClaim: { claimName: 'x' } }] }), 'error spec.volumes[0].persistentVolumeClaim: static pods may not reference persistentvolumeclaims'],
    [pod({ volumes: [{ name: 'n', nfs: { server: 'x', path: '/' } }] }), 'error spec.volumes[0].nfs: volume type nfs is not supported by minikubelet; use emptyDir or hostPath'],
    [pod({ volumes: [{ name: 'p', projected: { sources: [{ clusterTrustBundle: { path: 'ca' } }] } }] }), 'error spec.volumes[0].projected.sources[0].clusterTrustBundle: clusterTrustBundle projections are not supported'],
    [pod({ ephemeralContainers: [{ name: 'debug', image: 'x' }] }), 'error spec.ephemeralContainers: Forbidden: cannot be set on create'],
    [pod({ volumes: [{ name: 'i', image: { reference: 'x:1' } }] }), 'error spec.volumes[0].image: image volumes are not supported: they need a CRI runtime'],
    [container({ lifecycle: { postStart: { grpc: { port: 9000 } } } }), 'error spec.containers[0].lifecycle.postStart.grpc: grpc is a probe handler, not a lifecycle hook handler; use exec, httpGet or sleep'],
    [container({ restartPolicy: 'Always' }), 'error spec.containers[0].restartPolicy: may not be set for non-init containers'],
    [pod({ initContainers: [{ name: 'side', image: 'x', restartPolicy: 'Never' }] }), 'error spec.initContainers[0].restartPolicy: '],
    [container({ resources: { claims: [{ name: 'gpu' }] } }), 'error spec.containers[0].resources.claims: static pods may not reference resourceclaims'],
    [pod({ resources: { limits: { cpu: '1' }, claims: [{ name: 'gpu' }] } }), 'error spec.resources.claims: claims cannot be set for Resources at pod-level'],
  ])('refuses fields a static pod cannot use: %#', (document, expected) => {
    expect(lines(decodePod(document).problems).join('\n')).toContain(expected);
  });

  it('accepts a sidecar: an init container with restartPolicy Always, probes and lifecycle allowed', () => {
    const decoded = decodePod(pod({
      initContainers: [{ name: 'side', image: 'x', restartPolicy: 'Always', readinessProbe: { exec: { command: ['true'] } }, lifecycle: { preStop: { exec: { command: ['true'] } } } }],
    }));
    expect(decoded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('decodes env sources, envFrom and the projected volume types without a problem', () => {
    const decoded = decodePod(
      pod({
        containers: [{
          name: 'app', image: 'nginx',
          env: [{ name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'K', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
          envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'c' } }],
        }],
        volumes: [
          { name: 'c', configMap: { name: 'c', items: [{ key: 'a', path: 'a.txt', mode: 0o400 }] } },
          { name: 's', secret: { secretName: 's', defaultMode: 0o440 } },
          { name: 'd', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          { name: 'p', projected: { sources: [{ configMap: { name: 'c' } }, { secret: { name: 's' } }] } },
        ],
      }),
    );
    expect(decoded.problems).toEqual([]);
    expect(decoded.manifest?.spec?.volumes?.map((v) => Object.keys(v)[1])).toEqual(['configMap', 'secret', 'downwardAPI', 'projected']);
  });

  it('reports every unknown field of a document, with its path, and still decodes it', () => {
    const decoded = decodePod({
      ...pod({ containers: [{ name: 'a', image: 'x', workdir: '/', foo: 1 }, { name: 'b', image: 'y', bar: 2 }] }),
      extra: true,
    });
    expect(decoded.manifest?.spec?.containers?.map((c) => c.name)).toEqual(['a', 'b']);
    expect(decoded.problems.map((p) => p.path).sort()).toEqual([
      'extra',
      'spec.containers[0].foo',
      'spec.containers[0].workdir',
      'spec.containers[1].bar',
    ]);
  });
});

describe('decodePod: types', () => {
  it.each([
    [container({ ports: [{ containerPort: '80' }] }), 'spec.containers[0].ports[0].containerPort: must be an integer, got string "80"; remove the quotes'],
    [container({ ports: [{ containerPort: 80.5 }] }), 'spec.containers[0].ports[0].containerPort: must be an integer, got number 80.5'],
    [container({ ports: [{ containerPort: 2 ** 40 }] }), 'spec.containers[0].ports[0].containerPort: must be less than or equal to 2147483647'],
    [container({ ports: [{}] }), 'spec.containers[0].ports[0].containerPort: required'],
    [container({ command: ['sleep', true] }), 'spec.containers[0].command[1]: must be a string, got boolean true; quote the value in YAML'],
    [container({ command: 'sleep 10' }), 'spec.containers[0].command: must be a list, got string "sleep 10"; write it as a YAML list'],
    [container({ tty: 'yes' }), 'spec.containers[0].tty: must be true or false, got string "yes"'],
    [container({ imagePullPolicy: 'always' }), 'spec.containers[0].imagePullPolicy: must be one of "Always", "IfNotPresent", "Never", got string "always" (did you mean "Always"?)'],
    [container({ ports: [{ containerPort: 80, protocol: 'tcp' }] }), 'spec.containers[0].ports[0].protocol: must be one of "TCP", "UDP", "SCTP", got string "tcp" (did you mean "TCP"?)'],
    [container({ resources: { limits: { cpu: true } } }), 'spec.containers[0].resources.limits.cpu: must be a quantity such as 500m, 0.5 or 128Mi, got boolean true'],
    [pod({ resources: { requests: { memory: [] } } }), 'spec.resources.requests.memory: must be a quantity such as 500m, 0.5 or 128Mi, got a list'],
    [pod({ securityContext: { fsGroupChangePolicy: 'always' } }), 'spec.securityContext.fsGroupChangePolicy: must be one of "OnRootMismatch", "Always", got string "always" (did you mean "Always"?)'],
    [pod({ securityContext: { fsGroup: '2000' } }), 'spec.securityContext.fsGroup: must be an integer, got string "2000"; remove the quotes'],
    [container({ livenessProbe: { httpGet: { port: false } } }), 'spec.containers[0].livenessProbe.httpGet.port: must be an integer or a string, got boolean false'],
    // core/v1 GRPCAction.port is an int32: a port name does not decode.
    [container({ livenessProbe: { grpc: { port: 'grpc' } } }), 'spec.containers[0].livenessProbe.grpc.port: must be an integer, got string "grpc"'],
    [container({ livenessProbe: { grpc: { port: '9000' } } }), 'spec.containers[0].livenessProbe.grpc.port: must be an integer, got string "9000"; remove the quotes'],
    [container({ readinessProbe: { grpc: { service: 'health' } } }), 'spec.containers[0].readinessProbe.grpc.port: required'],
    [container({ readinessProbe: { grpc: { port: 9000, service: 7 } } }), 'spec.containers[0].readinessProbe.grpc.service: must be a string, got number 7'],
    [pod({}, { name: 'web', labels: { version: 1 } }), 'metadata.labels.version: must be a string, got number 1'],
    [pod({ containers: 'app' }), 'spec.containers: must be a list, got string "app"'],
    [pod({ containers: [null] }), 'spec.containers[0]: must be a mapping (key: value), got null'],
    [{ apiVersion: 'v1', kind: 'Pod', metadata: 'web' }, 'metadata: must be a mapping (key: value), got string "web"'],
  ])('explains a wrong type with its path: %#', (document, expected) => {
    const decoded = decodePod(document);
    expect(decoded.manifest).toBeUndefined();
    expect(decoded.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toContain(expected);
  });

  it('treats null as not set, as Kubernetes JSON decoding does', () => {
    const decoded = decodePod({ ...pod({ volumes: null, hostNetwork: null }, { name: 'web', labels: null, creationTimestamp: null }) });
    expect(decoded.problems).toEqual([]);
    expect(decoded.manifest?.metadata?.labels).toBeUndefined();
  });

  it('accepts numbers as quantities and keeps them as strings', () => {
    const decoded = decodePod(container({ resources: { limits: { cpu: 0.5, memory: 1e9 } } }));
    expect(decoded.manifest?.spec?.containers?.[0]?.resources?.limits).toEqual({ cpu: '0.5', memory: '1000000000' });
  });
});
