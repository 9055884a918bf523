import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../manifests/parse-manifest.js';
import { canonicalJson } from './canonical-json.js';
import { computePodActions } from '../planner/compute-pod-actions.js';
import { KUBELET_BACKOFF } from '../planner/crash-loop-backoff.js';
import { T0, app, sandbox } from '../planner/testing/planner-fixtures.js';
import { observePod } from '../runtime/observed-pod.js';
import { podFacts } from './pod-facts.js';

const parse = (content: string, file = '/etc/minikubelet/web.yaml', nodeName = 'node-1') => {
  const parsed = parseManifest({ file, content, nodeName });
  expect(parsed.errors).toEqual([]);
  expect(parsed.pods).toHaveLength(1);
  return parsed.pods[0]!;
};
const uidOf = (content: string, file?: string, nodeName?: string): string => parse(content, file, nodeName).pod.metadata.uid;
const hashOf = (content: string, container = 'app'): string => podFacts(parse(content).pod).specHashes.get(container) ?? '';

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
const withContainerKey = (line: string) => WEB.replace('    image: nginx:1.25\n', `    image: nginx:1.25\n    ${line}\n`);

/** Same pod, same containers: neither the UID nor any container hash may change. */
const SAME: Array<[string, string]> = [
  ['key order', `kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - image: nginx:1.25\n    args: ["-g", "daemon off;"]\n    name: app\nmetadata:\n  labels: {app: web}\n  name: web\n`],
  ['comments and whitespace', `# the web pod\n${WEB.replace('kind: Pod', 'kind:    Pod   # a pod')}\n\n`],
  ['flow style', `{apiVersion: v1, kind: Pod, metadata: {name: web, labels: {app: web}}, spec: {containers: [{name: app, image: "nginx:1.25", args: ["-g", "daemon off;"]}]}}`],
  ['JSON', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25', args: ['-g', 'daemon off;'] }] } })],
  ['pod defaults written out', WEB.replace('spec:\n', 'spec:\n  restartPolicy: Always\n  terminationGracePeriodSeconds: 30\n  dnsPolicy: ClusterFirst\n  volumes: []\n')],
  ['the pull policy the tag implies', withContainerKey('imagePullPolicy: IfNotPresent')],
  ['container defaults written out', withContainerKey('terminationMessagePath: /dev/termination-log\n    terminationMessagePolicy: File\n    env: []\n    stdin: false')],
  ['the default namespace', WEB.replace('  name: web\n', '  name: web\n  namespace: default\n')],
  ['an unknown field', withContainerKey('colour: blue')],
  ['an explicit null', WEB.replace('spec:\n', 'spec:\n  volumes: null\n')],
  ['a label added', WEB.replace('{app: web}', '{app: web, tier: front}')],
  ['a label changed', WEB.replace('{app: web}', '{app: web2}')],
  ['an annotation', WEB.replace('  labels:', '  annotations: {owner: team-a}\n  labels:')],
];

/** Pairs that differ only in spelling out defaults (nested, or implied by another field). */
const PROBE = withContainerKey('livenessProbe: {tcpSocket: {port: 80}}');
const SAME_PAIRS: Array<[string, string, string]> = [
  ['probe defaults written out', PROBE, PROBE.replace('{port: 80}}', '{port: 80}, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3}')],
  ['the pull policy of :latest', WEB.replace('nginx:1.25', 'nginx:latest'), withContainerKey('imagePullPolicy: Always').replace('nginx:1.25', 'nginx:latest')],
  ['hostPort = containerPort under hostNetwork', WEB.replace('spec:\n', 'spec:\n  hostNetwork: true\n').replace('    image: nginx:1.25\n', '    image: nginx:1.25\n    ports: [{containerPort: 8080}]\n'),
    WEB.replace('spec:\n', 'spec:\n  hostNetwork: true\n').replace('    image: nginx:1.25\n', '    image: nginx:1.25\n    ports: [{containerPort: 8080, hostPort: 8080, protocol: TCP}]\n')],
  // A free-form field keeps YAML's own `__proto__` key; the UID's JSON has never held one.
  ['__proto__ key of a free-form field', WEB.replace('spec:\n', 'spec:\n  affinity: {podAntiAffinity: {}}\n'), WEB.replace('spec:\n', 'spec:\n  affinity: {podAntiAffinity: {__proto__: x}}\n')],
];

const DIFFERENT: Array<[string, string]> = [
  ['an arg', WEB.replace('daemon off;', 'daemon on;')],
  ['the image', WEB.replace('nginx:1.25', 'nginx:1.26')],
  ['a pull policy other than the default', withContainerKey('imagePullPolicy: Always')],
  ['a command', withContainerKey('command: [nginx]')],
  ['an env var', withContainerKey('env: [{name: A, value: "1"}]')],
  ['a probe', withContainerKey('livenessProbe: {tcpSocket: {port: 80}}')],
];

describe('pod UID', () => {
  it('is UUID-shaped lowercase hex', () => {
    expect(uidOf(WEB)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.each(SAME)('is the same whatever the %s', (_what, content) => {
    expect(uidOf(content)).toBe(uidOf(WEB));
  });

  it.each(SAME_PAIRS)('is the same with the %s', (_what, a, b) => {
    expect(uidOf(a)).toBe(uidOf(b));
  });

  it.each([...DIFFERENT, ['the namespace', WEB.replace('  name: web\n', '  name: web\n  namespace: other\n')], ['a pod field', WEB.replace('spec:\n', 'spec:\n  restartPolicy: Never\n')]])(
    'changes when %s changes',
    (_what, content) => {
      expect(uidOf(content)).not.toBe(uidOf(WEB));
    },
  );

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

describe('container hash', () => {
  it('is 16 lowercase hex characters', () => {
    expect(hashOf(WEB)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each(SAME)('is the same whatever the %s', (_what, content) => {
    expect(hashOf(content)).toBe(hashOf(WEB));
  });

  it.each(SAME_PAIRS)('is the same with the %s', (_what, a, b) => {
    expect(hashOf(a)).toBe(hashOf(b));
  });

  it.each(DIFFERENT)('changes when %s changes', (_what, content) => {
    expect(hashOf(content)).not.toBe(hashOf(WEB));
  });

  it('covers only its own container: a pod field or another container changes the UID, not the hash', () => {
    const twoContainers = `${WEB}  - name: side\n    image: busybox:1.35\n`;
    expect(hashOf(twoContainers)).toBe(hashOf(WEB));
    expect(hashOf(WEB.replace('spec:\n', 'spec:\n  restartPolicy: Never\n'))).toBe(hashOf(WEB));
  });

  it('with metadata.uid pinned, a command edit keeps the UID and changes the hash (the container restarts)', () => {
    const pinned = WEB.replace('  name: web\n', '  name: web\n  uid: pinned-1\n');
    const edited = pinned.replace('    image: nginx:1.25\n', '    image: nginx:1.25\n    command: [nginx]\n');
    expect(uidOf(edited)).toBe(uidOf(pinned));
    expect(hashOf(edited)).not.toBe(hashOf(pinned));
  });

  it('with metadata.uid pinned, the planner restarts the running container after a command edit, and not after a relabel', () => {
    const pinned = WEB.replace('  name: web\n', '  name: web\n  uid: pinned-1\n');
    const running = podFacts(parse(pinned).pod).specHashes.get('app');
    const plan = (content: string) => {
      const pod = parse(content).pod;
      const facts = podFacts(pod);
      const observed = observePod(pod.metadata.uid, [sandbox(), app('app', { specHash: running! })]);
      return computePodActions({ pod, observed, specHashes: facts.specHashes, legacySpecHashes: facts.legacySpecHashes, backOff: new Map(), backOffPolicy: KUBELET_BACKOFF, nowMs: T0 });
    };
    expect(plan(pinned.replace('    image: nginx:1.25\n', '    image: nginx:1.25\n    command: [nginx]\n')).containersToKill.map((k) => k.message)).toEqual([
      'Container app definition changed, will be restarted',
    ]);
    expect(plan(pinned.replace('{app: web}', '{app: web, tier: front}')).containersToKill).toEqual([]);
  });
});

/** Recorded from the agent of commit 8db7393 (minikubelet 0.1): test/fixtures/upgrade-adoption/. */
describe('the identities minikubelet 0.1 wrote', () => {
  const fixtureDir = new URL('../../test/fixtures/upgrade-adoption/', import.meta.url);
  const fixture = JSON.parse(readFileSync(new URL('legacy-pod.json', fixtureDir), 'utf8')) as {
    nodeName: string;
    base: string;
    containers: Array<{ labels: Record<string, string> }>;
  };
  const parsed = parse(readFileSync(new URL('legacy-pod.yaml', fixtureDir), 'utf8'), `${fixture.base}/manifests/legacy.yaml`, fixture.nodeName);
  const label = (container: string, key: string) =>
    fixture.containers.find((c) => c.labels['io.kubernetes.container.name'] === container)?.labels[key];

  it('are derived again from the same manifest (so its pods are adopted)', () => {
    expect(parsed.legacyUid).toBe(label('POD', 'io.kubernetes.pod.uid'));
    const facts = podFacts(parsed.pod);
    expect(facts.legacySpecHashes.get('setup')).toBe(label('setup', 'minikubelet.io/spec-hash'));
    expect(facts.legacySpecHashes.get('main')).toBe(label('main', 'minikubelet.io/spec-hash'));
  });

  it('differ from the new ones (else the fixture would prove nothing)', () => {
    expect(parsed.pod.metadata.uid).not.toBe(parsed.legacyUid);
    expect(podFacts(parsed.pod).specHashes.get('main')).not.toBe(label('main', 'minikubelet.io/spec-hash'));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});
