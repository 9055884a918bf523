import { describe, expect, it } from 'vitest';
import { newDocumentText, removeDocument, replaceDocument } from './edit-document.js';
import { readYamlDocuments } from './yaml-documents.js';

/** A hand-written file: comments, flow and block styles, three documents. */
const STACK = `# A hand-written stack.
apiVersion: v1
kind: ConfigMap
metadata: {name: stack-config}   # keep this comment
data:
  mode: "fast"
---
apiVersion: v1
kind: Pod
metadata:
  name: alpha   # the first pod
  labels: {app: alpha}
spec:
  containers:
  - name: main
    image: busybox:1.35
    command: ["sh", "-c", "sleep 1"]
---
apiVersion: v1
kind: Pod
metadata: {name: beta}
spec: {containers: [{name: main, image: "busybox:1.35"}]}
`;

const [CONFIG, ALPHA, BETA] = STACK.split(/(?=^---$)/m) as [string, string, string];

function valueOf(text: string, index: number): Record<string, unknown> {
  return readYamlDocuments(text).documents.find((d) => d.index === index)!.value as Record<string, unknown>;
}

/** The fields the edits below touch. */
interface Doc {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Array<{ image?: string; command?: string[] }> };
  data: Record<string, string>;
}

function edited(index: number, edit: (v: Doc) => void): string {
  const value = structuredClone(valueOf(STACK, index));
  edit(value as unknown as Doc);
  return replaceDocument(STACK, index, value);
}

describe('replaceDocument', () => {
  it.each([
    ['a label added', (v: Doc) => (v.metadata.labels['tier'] = 'front')],
    ['an image changed', (v: Doc) => (v.spec.containers[0]!.image = 'busybox:1.36')],
    ['a key removed', (v: Doc) => delete v.spec.containers[0]!.command],
    ['annotations added where there were none', (v: Doc) => (v.metadata.annotations = { note: 'hi' })],
  ])('%s: the document holds the new value, the other documents are byte for byte the same', (_name, edit) => {
    const want = structuredClone(valueOf(STACK, 1));
    edit(want as unknown as Doc);
    const text = edited(1, edit);
    expect(valueOf(text, 1)).toEqual(want);
    expect(text.startsWith(CONFIG)).toBe(true);
    expect(text.endsWith(BETA)).toBe(true);
  });

  it('keeps the comments and styles of what did not change', () => {
    const text = edited(1, (v) => (v.spec.containers[0]!.image = 'busybox:1.36'));
    expect(text).toContain('name: alpha # the first pod');
    expect(text).toContain('labels: {app: alpha}');
    expect(text).toContain('command: ["sh", "-c", "sleep 1"]');
    expect(text).toContain('image: busybox:1.36');
  });

  it('edits the first document without touching the ones after it, its leading comment kept', () => {
    const text = edited(0, (v) => (v.data['mode'] = 'slow'));
    expect(text.startsWith('# A hand-written stack.\n')).toBe(true);
    expect(valueOf(text, 0)['data']).toEqual({ mode: 'slow' });
    expect(text.endsWith(ALPHA + BETA)).toBe(true);
  });

  it('edits the last document, the ones before it byte for byte', () => {
    const text = edited(2, (v) => (v.metadata.labels = { app: 'beta' }));
    expect(text.startsWith(CONFIG + ALPHA)).toBe(true);
    expect(valueOf(text, 2)['metadata']).toEqual({ name: 'beta', labels: { app: 'beta' } });
  });

  it('quotes a new string YAML 1.1 would read as something else (kubectl\'s go-yaml reads `yes` as true)', () => {
    const text = edited(1, (v) => (v.metadata.labels['enabled'] = 'yes'));
    expect(valueOf(text, 1)['metadata']).toMatchObject({ labels: { enabled: 'yes' } });
  });
});

describe('replaceDocument with anchors', () => {
  it('an edit under an anchor changes only that place, not its aliases', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: &l {app: x}\nspec:\n  nodeSelector: *l\n  containers: [{name: one, image: busybox}]\n';
    // Through JSON: toJS shares the anchored object with its alias.
    const value = JSON.parse(JSON.stringify(valueOf(text, 0))) as { metadata: { labels: Record<string, string> } };
    value.metadata.labels['app'] = 'y';
    const edited = replaceDocument(text, 0, value);
    expect(valueOf(edited, 0)).toEqual(value);
    expect(valueOf(edited, 0)['spec']).toMatchObject({ nodeSelector: { app: 'x' } });
  });
});

describe('removeDocument', () => {
  it.each([
    [0, ALPHA + BETA],
    [1, CONFIG + BETA],
    [2, CONFIG + ALPHA],
  ])('without document %i the others stay byte for byte', (index, want) => {
    expect(removeDocument(STACK, index)).toBe(want);
  });

  it('is undefined when nothing would be left (the file goes)', () => {
    expect(removeDocument('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n', 0)).toBeUndefined();
    expect(removeDocument('---\napiVersion: v1\nkind: Pod\n---\n', 0)).toBeUndefined();
  });
});

describe('newDocumentText', () => {
  it('writes kubectl-style YAML that reads back as the object', () => {
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { on: 'no' } }, spec: { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo 1'] }] } };
    const text = newDocumentText(object);
    expect(text).toContain('\n  containers:\n  - name: main\n');
    expect(valueOf(text, 0)).toEqual(object);
  });
});
