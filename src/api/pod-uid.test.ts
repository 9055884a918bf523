import { describe, expect, it } from 'vitest';
import { parseManifest } from '../manifests/parse-manifest.js';
import { canonicalJson } from './canonical-json.js';
import { hashContainer } from './container-hash.js';
import type { Container } from './pod-types.js';

const uidOf = (content: string, file = '/etc/minikubelet/web.yaml', nodeName = 'node-1'): string => {
  const parsed = parseManifest({ file, content, nodeName });
  expect(parsed.errors).toEqual([]);
  expect(parsed.pods).toHaveLength(1);
  return parsed.pods[0]?.pod.metadata.uid ?? '';
};

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: app
    image: nginx:1.25
    args: ["-g", "daemon off;"]
`;

describe('pod UID', () => {
  it('is UUID-shaped lowercase hex', () => {
    expect(uidOf(WEB)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.each([
    ['key order', `kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - image: nginx:1.25\n    args: ["-g", "daemon off;"]\n    name: app\nmetadata:\n  labels: {app: web}\n  name: web\n`],
    ['comments and whitespace', `# the web pod\n${WEB.replace('kind: Pod', 'kind:    Pod   # a pod')}\n\n`],
    ['flow style', `{apiVersion: v1, kind: Pod, metadata: {name: web, labels: {app: web}}, spec: {containers: [{name: app, image: "nginx:1.25", args: ["-g", "daemon off;"]}]}}`],
    ['JSON', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25', args: ['-g', 'daemon off;'] }] } })],
    ['defaults written out', WEB.replace('spec:\n', 'spec:\n  restartPolicy: Always\n  terminationGracePeriodSeconds: 30\n').replace('    image: nginx:1.25\n', '    image: nginx:1.25\n    imagePullPolicy: IfNotPresent\n')],
    ['an unknown field', WEB.replace('    image: nginx:1.25\n', '    image: nginx:1.25\n    colour: blue\n')],
    ['an explicit null', WEB.replace('spec:\n', 'spec:\n  volumes: null\n')],
  ])('is the same whatever the %s', (_what, content) => {
    expect(uidOf(content)).toBe(uidOf(WEB));
  });

  it.each([
    ['an arg', WEB.replace('daemon off;', 'daemon on;')],
    ['the image', WEB.replace('nginx:1.25', 'nginx:1.26')],
    ['a label', WEB.replace('{app: web}', '{app: web2}')],
    ['the namespace', WEB.replace('  name: web\n', '  name: web\n  namespace: other\n')],
    ['a probe', WEB.replace('    image: nginx:1.25\n', '    image: nginx:1.25\n    livenessProbe: {tcpSocket: {port: 80}}\n')],
  ])('changes when %s changes', (_what, content) => {
    expect(uidOf(content)).not.toBe(uidOf(WEB));
  });

  it('changes with the file path and with the node name', () => {
    expect(uidOf(WEB, '/etc/minikubelet/other.yaml')).not.toBe(uidOf(WEB));
    expect(uidOf(WEB, undefined, 'node-2')).not.toBe(uidOf(WEB));
  });

  it('keeps a uid written in the manifest', () => {
    expect(uidOf(WEB.replace('  name: web\n', '  name: web\n  uid: 1234-abcd\n'))).toBe('1234-abcd');
  });

  it('is recorded in the config.hash annotation, with config.source file', () => {
    const pod = parseManifest({ file: 'web.yaml', content: WEB, nodeName: 'n' }).pods[0]?.pod;
    expect(pod?.metadata.annotations).toEqual({
      'kubernetes.io/config.hash': pod?.metadata.uid,
      'kubernetes.io/config.source': 'file',
    });
  });
});

describe('hashContainer', () => {
  const container: Container = {
    name: 'app',
    image: 'nginx',
    env: [{ name: 'A', value: '1' }],
    ports: [],
    volumeMounts: [],
    imagePullPolicy: 'Always',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: { limits: { cpu: '1' }, requests: { cpu: '1' } },
    stdin: false,
    stdinOnce: false,
    tty: false,
  };

  it('is 16 lowercase hex characters and stable', () => {
    expect(hashContainer(container)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashContainer(structuredClone(container))).toBe(hashContainer(container));
  });

  it('ignores key order and changes with any value', () => {
    const reordered = Object.fromEntries(Object.entries(container).reverse()) as unknown as Container;
    expect(hashContainer(reordered)).toBe(hashContainer(container));
    expect(hashContainer({ ...container, command: ['sh'] })).not.toBe(hashContainer(container));
    expect(hashContainer({ ...container, env: [{ name: 'A', value: '2' }] })).not.toBe(hashContainer(container));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});
