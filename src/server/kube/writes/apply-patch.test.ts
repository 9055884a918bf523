import { describe, expect, it } from 'vitest';
import { applyPatch } from './apply-patch.js';

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
  spec: {
    containers: [
      { name: 'main', image: 'busybox:1.35', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] },
      { name: 'side', image: 'busybox:1.35' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'x', operator: 'Exists' }],
  },
};

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

type Row = [string, string, unknown, (result: Record<string, unknown>) => unknown, unknown];

const spec = (r: Record<string, unknown>) => r['spec'] as typeof POD.spec;
const labels = (r: Record<string, unknown>) => (r['metadata'] as { labels?: Record<string, string> }).labels;

const ROWS: Row[] = [
  ['strategic: a container merges by name (its image changes, the other container stays)', SMP,
    { spec: { containers: [{ name: 'side', image: 'busybox:1.36' }] } }, (r) => spec(r).containers.map((c) => `${c.name}=${c.image}`), ['main=busybox:1.35', 'side=busybox:1.36']],
  ['strategic: env merges by name inside a merged container', SMP,
    { spec: { containers: [{ name: 'main', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } }, (r) => spec(r).containers[0]!.env, [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]],
  ['strategic: $patch: delete removes the item with that key', SMP,
    { spec: { containers: [{ name: 'side', $patch: 'delete' }] } }, (r) => spec(r).containers.map((c) => c.name), ['main']],
  ['strategic: $setElementOrder orders the merged list', SMP,
    { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'main' }], containers: [{ name: 'main', image: 'x' }] } }, (r) => spec(r).containers.map((c) => c.name), ['side', 'main']],
  ['strategic: a list without a merge key (tolerations) is replaced', SMP,
    { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } }, (r) => spec(r).tolerations, [{ key: 'y', operator: 'Exists' }]],
  ['strategic: null removes a key', SMP,
    { metadata: { labels: { app: null, tier: 'front' } } }, labels, { tier: 'front' }],
  ['strategic: $retainKeys keeps only the listed keys of a volume', SMP,
    { spec: { volumes: [{ name: 'data', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/tmp' } }] } }, (r) => spec(r).volumes, [{ name: 'data', hostPath: { path: '/tmp' } }]],
  ['strategic: $deleteFromPrimitiveList removes values of a set list', SMP,
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, (r) => (r['metadata'] as { finalizers: string[] }).finalizers, []],
  ['strategic: $patch: replace on a map replaces it whole', SMP,
    { metadata: { labels: { $patch: 'replace', only: 'this' } } }, labels, { only: 'this' }],
  ['merge: a list is replaced whole (RFC 7386)', MERGE,
    { spec: { containers: [{ name: 'side', image: 'busybox:1.36' }] } }, (r) => spec(r).containers, [{ name: 'side', image: 'busybox:1.36' }]],
  ['merge: labels merge, null removes', MERGE,
    { metadata: { labels: { app: null, tier: 'front' } } }, labels, { tier: 'front' }],
  ['json patch: replace by index', JSON_PATCH,
    [{ op: 'replace', path: '/spec/containers/1/image', value: 'busybox:1.36' }], (r) => spec(r).containers[1]!.image, 'busybox:1.36'],
  ['json patch: add a label key with ~1 escaping', JSON_PATCH,
    [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }], labels, { app: 'web', 'app.kubernetes.io/name': 'web' }],
  ['json patch: add to the end of a list with -', JSON_PATCH,
    [{ op: 'add', path: '/spec/tolerations/-', value: { key: 'z', operator: 'Exists' } }], (r) => spec(r).tolerations.length, 2],
  ['json patch: remove, move, copy, test in order', JSON_PATCH,
    [{ op: 'test', path: '/metadata/labels/app', value: 'web' }, { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copy' }, { op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/moved' }, { op: 'remove', path: '/metadata/labels/copy' }],
    labels, { moved: 'web' }],
];

describe('applyPatch', () => {
  it.each(ROWS)('%s', (_name, type, patch, pick, want) => {
    const result = applyPatch('Pod', type, structuredClone(POD), patch);
    expect('code' in result ? result : pick(result)).toEqual(want);
  });

  it.each([
    ['json patch: a path that does not exist', JSON_PATCH, [{ op: 'replace', path: '/spec/containers/5/image', value: 'x' }], /operation 0 .*index 5 is out of range/],
    ['json patch: a failed test fails the whole patch', JSON_PATCH, [{ op: 'add', path: '/metadata/labels/a', value: 'b' }, { op: 'test', path: '/metadata/labels/app', value: 'db' }], /operation 1 .*not the one tested/],
    ['json patch: an unknown op', JSON_PATCH, [{ op: 'frobnicate', path: '/a' }], /unknown op "frobnicate"/],
    ['strategic: a merged item without its key', SMP, { spec: { containers: [{ image: 'x' }] } }, /spec.containers: every item of a merged list needs its merge key "name"/],
    ['strategic: not an object', SMP, [1, 2], /must be a JSON object/],
  ])('refuses %s with 422 and says why', (_name, type, patch, message) => {
    const result = applyPatch('Pod', type, structuredClone(POD), patch);
    expect(result).toMatchObject({ code: 422, reason: 'Invalid' });
    expect((result as { message: string }).message).toMatch(message);
  });

  it('refuses server-side apply with 415, naming the types it takes and what to use instead', () => {
    const result = applyPatch('Pod', 'application/apply-patch+yaml', structuredClone(POD), {});
    expect(result).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    expect((result as { message: string }).message).toMatch(/server-side apply is not supported.*without --server-side/);
  });

  it('leaves the original untouched', () => {
    const original = structuredClone(POD);
    applyPatch('Pod', JSON_PATCH, original, [{ op: 'remove', path: '/spec/containers/0' }]);
    applyPatch('Pod', SMP, original, { spec: { containers: [{ name: 'main', $patch: 'delete' }] } });
    expect(original).toEqual(POD);
  });
});
