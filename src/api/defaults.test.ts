import { describe, expect, it } from 'vitest';
import { applyPodDefaults } from './defaults.js';
import { defaultPullPolicy, imageTagAndDigest } from './image-reference.js';
import type { PodManifest } from './pod-schema.js';
import { defaultedContainer, defaultedPodSpec } from './testing/pod-fixtures.js';

const base = (spec: NonNullable<PodManifest['spec']> = {}): PodManifest => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
});

describe('applyPodDefaults', () => {
  it('fills the pod and container defaults of the API server', () => {
    const pod = applyPodDefaults(base());
    expect(pod.metadata).toEqual({ name: 'web', namespace: 'default', uid: '', labels: {}, annotations: {} });
    expect(pod.spec).toEqual(defaultedPodSpec({ containers: [defaultedContainer('app', { image: 'nginx:1.25' })] }));
  });

  it('keeps what the manifest sets', () => {
    const pod = applyPodDefaults({
      ...base({ restartPolicy: 'Never', terminationGracePeriodSeconds: 0, dnsPolicy: 'Default' }),
      metadata: { name: 'web', namespace: 'apps', uid: 'fixed-uid', labels: { a: 'b' } },
    });
    expect(pod.metadata).toMatchObject({ namespace: 'apps', uid: 'fixed-uid', labels: { a: 'b' } });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', terminationGracePeriodSeconds: 0, dnsPolicy: 'Default' });
  });

  it('defaults port protocol to TCP, and hostPort to containerPort only with hostNetwork', () => {
    const ports = [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' as const, hostPort: 5353 }];
    const plain = applyPodDefaults(base({ containers: [{ name: 'a', image: 'x', ports }] }));
    expect(plain.spec.containers[0]?.ports).toEqual([
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP', hostPort: 5353 },
    ]);
    const host = applyPodDefaults(base({ hostNetwork: true, containers: [{ name: 'a', image: 'x', ports }] }));
    expect(host.spec.containers[0]?.ports?.[0]).toEqual({ containerPort: 80, hostPort: 80, protocol: 'TCP' });
  });

  it('defaults requests to limits, for init and app containers', () => {
    const resources = { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } };
    const pod = applyPodDefaults(
      base({ initContainers: [{ name: 'i', image: 'x', resources }], containers: [{ name: 'a', image: 'x', resources }] }),
    );
    for (const c of [pod.spec.initContainers[0], pod.spec.containers[0]])
      expect(c?.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
  });

  it('defaults probes to 10/1/1/3/0 and httpGet to path / and scheme HTTP; zero counts as unset', () => {
    const pod = applyPodDefaults(
      base({
        containers: [
          {
            name: 'a',
            image: 'x',
            livenessProbe: { httpGet: { port: 80 }, timeoutSeconds: 0 },
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 3, successThreshold: 2 },
            lifecycle: { preStop: { httpGet: { port: 80, path: '/quit' } } },
          },
        ],
      }),
    );
    const c = pod.spec.containers[0];
    expect(c?.livenessProbe).toEqual({
      httpGet: { path: '/', port: 80, scheme: 'HTTP', httpHeaders: [] },
      initialDelaySeconds: 0,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c?.readinessProbe).toMatchObject({ periodSeconds: 3, successThreshold: 2, failureThreshold: 3 });
    expect(c?.lifecycle?.preStop?.httpGet).toEqual({ path: '/quit', port: 80, scheme: 'HTTP', httpHeaders: [] });
  });

  it('defaults a grpc probe`s service to "" and keeps a given one', () => {
    const pod = applyPodDefaults(
      base({
        containers: [{ name: 'a', image: 'x', livenessProbe: { grpc: { port: 2379 } }, readinessProbe: { grpc: { port: 9090, service: 'ready' } } }],
      }),
    );
    const c = pod.spec.containers[0];
    expect(c?.livenessProbe).toEqual({
      grpc: { port: 2379, service: '' },
      initialDelaySeconds: 0,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c?.readinessProbe?.grpc).toEqual({ port: 9090, service: 'ready' });
  });

  it('makes a volume without a source an emptyDir and defaults hostPath type to ""', () => {
    const pod = applyPodDefaults(base({ volumes: [{ name: 'a' }, { name: 'b', hostPath: { path: '/srv' } }, { name: 'c', emptyDir: { medium: 'Memory' } }] }));
    expect(pod.spec.volumes).toEqual([
      { name: 'a', emptyDir: { medium: '' } },
      { name: 'b', hostPath: { path: '/srv', type: '' } },
      { name: 'c', emptyDir: { medium: 'Memory' } },
    ]);
  });

  it('does not modify its input', () => {
    const manifest = base({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1' } } }] });
    const copy = structuredClone(manifest);
    applyPodDefaults(manifest);
    expect(manifest).toEqual(copy);
  });
});

describe('defaultPullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
    ['nginx:latest@sha256:abc', 'Always'],
    ['nginx:1.25@sha256:abc', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['registry.k8s.io/pause:3.10', 'IfNotPresent'],
  ])('pulls %s with %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('tells a registry port from a tag', () => {
    expect(imageTagAndDigest('localhost:5000/app')).toEqual({ tag: 'latest' });
    expect(imageTagAndDigest('app@sha256:abc')).toEqual({ digest: 'sha256:abc' });
  });
});
