import { describe, expect, it } from 'vitest';
import { hashWrittenContainer } from '../../../api/container-hash.js';
import { writtenContainers, writtenForm } from '../../../api/written-form.js';
import { parseManifest } from '../../../manifests/parse-manifest.js';
import { readYamlDocuments } from '../../../manifests/yaml-documents.js';
import { prepareWrite, type PreparedWrite, type WriteInput } from './prepare-write.js';

const FILE = '/etc/minikubelet/manifests/stack.yaml';
const NODE = 'node-a';

const STACK = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: "1"}
---
apiVersion: v1
kind: Pod
metadata:
  name: web   # hand-written
  labels: {app: web}
spec:
  containers:
  - {name: main, image: "busybox:1.35", command: ["sleep", "1000"]}
  - {name: side, image: "busybox:1.35", command: ["sleep", "1000"]}
`;
const CONFIG_DOC = STACK.slice(0, STACK.indexOf('---'));

/** The fields the edits below touch. */
interface PodDoc {
  metadata: { labels: Record<string, string> };
  spec: { restartPolicy?: string; containers: Array<{ image?: string; command?: string[]; imagePullPolicyy?: string }> };
}

function podValue(edit: (v: PodDoc) => void = () => undefined): Record<string, unknown> {
  const value = structuredClone(readYamlDocuments(STACK).documents[1]!.value) as Record<string, unknown>;
  edit(value as unknown as PodDoc);
  return value;
}

function update(value: Record<string, unknown>, fieldValidation: WriteInput['fieldValidation'] = 'Strict') {
  return prepareWrite({ kind: 'Pod', name: 'web', nodeName: NODE, file: FILE, text: STACK, document: 1, value, fieldValidation });
}

function uidNow(): string {
  return parseManifest({ file: FILE, content: STACK, nodeName: NODE }).pods[0]!.pod.metadata.uid;
}

function prepared(result: ReturnType<typeof prepareWrite>): PreparedWrite {
  if ('code' in result) throw new Error(`refused: ${result.message}`);
  return result;
}

function hashes(p: PreparedWrite): Record<string, string> {
  const pod = p.parsed.pods[0]!.pod;
  return Object.fromEntries([...writtenContainers(writtenForm(pod))].map(([name, c]) => [name, hashWrittenContainer(c)]));
}

describe('prepareWrite', () => {
  it('a new pod: a file the directory parses, with the UID a file drop gets', () => {
    const value = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'default' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } };
    const file = '/etc/minikubelet/manifests/default.api.pod.yaml';
    const p = prepared(prepareWrite({ kind: 'Pod', name: 'api', nodeName: NODE, file, value, fieldValidation: 'Strict' }));
    expect(p.parsed.pods[0]!.pod.metadata.uid).toBe(parseManifest({ file, content: p.text, nodeName: NODE }).pods[0]!.pod.metadata.uid);
  });

  it('a label change keeps the UID without pinning it, restarts nothing, and leaves the other document byte for byte', () => {
    const before = prepared(update(podValue()));
    const p = prepared(update(podValue((v) => (v.metadata.labels['tier'] = 'front'))));
    expect(p.parsed.pods[0]!.pod.metadata.uid).toBe(uidNow());
    expect(p.text).not.toContain('uid:');
    expect(hashes(p)).toEqual(hashes(before));
    expect(p.text.startsWith(CONFIG_DOC)).toBe(true);
  });

  it('an image change keeps the pod\'s UID (pinned in the document) and changes only that container\'s hash', () => {
    const before = prepared(update(podValue()));
    const p = prepared(update(podValue((v) => (v.spec.containers[1]!.image = 'busybox:1.36'))));
    expect(p.parsed.pods[0]!.pod.metadata.uid).toBe(uidNow());
    expect(p.text).toContain(`uid: ${uidNow()}`);
    expect(hashes(p)['main']).toBe(hashes(before)['main']);
    expect(hashes(p)['side']).not.toBe(hashes(before)['side']);
    expect(p.text.startsWith(CONFIG_DOC)).toBe(true);
  });

  it('refuses an invalid value with 422 Invalid and its field cause, as the file drop reports it', () => {
    const result = update(podValue((v) => (v.spec.restartPolicy = 'Sometimes')));
    expect(result).toMatchObject({ code: 422, reason: 'Invalid', details: { name: 'web', kind: 'Pod', causes: [{ field: 'spec.restartPolicy' }] } });
    expect((result as { message: string }).message).toMatch(/^Pod "web" is invalid: spec.restartPolicy: /);
  });

  it('refuses a spec change the API server refuses on update (ValidatePodUpdate)', () => {
    const result = update(podValue((v) => (v.spec.containers[0]!.command = ['sleep', '5'])));
    expect(result).toMatchObject({ code: 422, reason: 'Invalid', details: { causes: [{ field: 'spec', reason: 'FieldValueForbidden' }] } });
  });

  it.each([
    ['Strict', { code: 400, reason: 'BadRequest' }],
    ['Warn', undefined],
    ['Ignore', undefined],
  ] as const)('an unknown field with fieldValidation=%s', (validation, refusal) => {
    const result = update(podValue((v) => (v.spec.containers[0]!.imagePullPolicyy = 'Always')), validation);
    if (refusal) {
      expect(result).toMatchObject(refusal);
      expect((result as { message: string }).message).toContain('strict decoding error: unknown field "spec.containers[0].imagePullPolicyy" (did you mean `imagePullPolicy`?)');
    } else {
      const p = prepared(result);
      expect(p.warnings.some((w) => w.includes('imagePullPolicyy'))).toBe(validation === 'Warn');
    }
  });

  it('names the other document when it is that one the file cannot apply for', () => {
    const broken = STACK.replace('data: {a: "1"}', 'data: {a: 1}');
    const result = prepareWrite({ kind: 'Pod', name: 'web', nodeName: NODE, file: FILE, text: broken, document: 1, value: podValue((v) => (v.metadata.labels['x'] = 'y')), fieldValidation: 'Strict' });
    expect(result).toMatchObject({ code: 422 });
    expect((result as { message: string }).message).toContain(`(document 0 of ${FILE})`);
  });

  it('refuses to change an immutable ConfigMap, as the API server does (delete and create it instead)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\nimmutable: true\ndata: {a: "1"}\n';
    const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, immutable: true, data: { a: '2' } };
    const result = prepareWrite({ kind: 'ConfigMap', name: 'cfg', nodeName: NODE, file: FILE, text, document: 0, value, fieldValidation: 'Strict' });
    expect(result).toMatchObject({ code: 422, message: 'ConfigMap "cfg" is invalid: data: Forbidden: field is immutable when `immutable` is set' });
    const labelled = { ...value, data: { a: '1' }, metadata: { name: 'cfg', labels: { x: 'y' } } };
    expect('code' in prepareWrite({ kind: 'ConfigMap', name: 'cfg', nodeName: NODE, file: FILE, text, document: 0, value: labelled, fieldValidation: 'Strict' })).toBe(false);
  });

  it('a label change of a document that already has an unknown field is no strict-decoding error (the field is the file\'s, not the request\'s)', () => {
    const text = STACK.replace('command: ["sleep", "1000"]}\n  - {name: side', 'command: ["sleep", "1000"], imagex: foo}\n  - {name: side');
    const value = structuredClone(readYamlDocuments(text).documents[1]!.value) as Record<string, unknown> & { metadata: { labels: Record<string, string> } };
    value.metadata.labels['tier'] = 'front';
    const p = prepared(prepareWrite({ kind: 'Pod', name: 'web', nodeName: NODE, file: FILE, text, document: 1, value, fieldValidation: 'Strict' }));
    expect(p.parsed.pods[0]!.pod.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });
});
