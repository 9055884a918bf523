import { Document, isMap, isScalar, isSeq, LineCounter, type Node, type Tags } from 'yaml';
import { parseAllDocumentsLikeGoYaml } from './go-yaml-escapes.js';

/**
 * In-place edits of one YAML document of a manifest file, for writes through the API: the edited
 * document keeps its comments, key order and styles wherever its values did not change, and every
 * other document of the file stays byte for byte. Pure.
 *
 * Only the text of the edited document is produced again (by the yaml package's Document API, from
 * the parsed nodes updated in place): the text before and after it is copied from the file.
 */

/** The same reading as `yaml-documents.ts` (YAML 1.1, timestamps stay strings), so indices agree. */
function kubernetesTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    const t = tag as { tag?: string; format?: string };
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });
}

function parse(text: string): Document.Parsed[] {
  return parseAllDocumentsLikeGoYaml(text, { version: '1.1', customTags: kubernetesTags, uniqueKeys: false, lineCounter: new LineCounter() });
}

/** How new YAML is written: `- item` under its key as kubectl users write it, flow maps unpadded, no folding. */
export const YAML_STYLE = { indentSeq: false, flowCollectionPadding: false, lineWidth: 0 } as const;

/** Where document `index` sits in the text: from the end of the one before to its own end. */
function span(docs: Document.Parsed[], index: number): [number, number] {
  const start = index === 0 ? 0 : docs[index - 1]!.range[2];
  return [start, docs[index]!.range[2]];
}

/**
 * The file text with document `index` changed to hold `value`: values that are the same keep
 * their nodes (and comments); changed scalars keep their node; new keys are appended.
 */
export function replaceDocument(text: string, index: number, value: unknown): string {
  const docs = parse(text);
  const doc = docs[index];
  if (doc === undefined) throw new Error(`the file has no document ${index}`);
  if (doc.errors.length > 0) throw new Error(`document ${index} does not parse: ${doc.errors[0]!.message}`);
  const current: unknown = doc.toJS({ maxAliasCount: -1 });
  if (isMap(doc.contents) && isPlainObject(current) && isPlainObject(value)) reconcileMap(doc, doc.contents, current, value);
  // An edit under an anchor would change every alias of it too: then the document is written anew.
  if (!same(doc.toJS({ maxAliasCount: -1 }), value)) (doc as Document).contents = doc.createNode(value);
  const [start, end] = span(docs, index);
  let rendered = doc.toString(YAML_STYLE);
  // The first document's leading comment is printed by toString; a later one's `---` too.
  if (index > 0 && !text.slice(start, end).trimStart().startsWith('---') && rendered.startsWith('---\n')) rendered = rendered.slice(4);
  return text.slice(0, start) + rendered + text.slice(end);
}

/** The file text without document `index`; undefined when no document with content would be left. */
export function removeDocument(text: string, index: number): string | undefined {
  const docs = parse(text);
  if (docs[index] === undefined) throw new Error(`the file has no document ${index}`);
  const others = docs.filter((d, i) => i !== index && !isEmpty(d));
  if (others.length === 0) return undefined;
  const [start, end] = span(docs, index);
  let rest = text.slice(end);
  // The first document goes: the next one's `---` then opens the file, which YAML allows.
  if (index === 0) rest = rest.replace(/^\s*/, '');
  return text.slice(0, start) + rest;
}

/** A new file holding one object, in the style above (YAML 1.1: `"yes"` stays quoted). */
export function newDocumentText(value: unknown): string {
  return new Document(value, { version: '1.1' }).toString(YAML_STYLE);
}

function isEmpty(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function reconcileMap(doc: Document, node: Node, current: Record<string, unknown>, wanted: Record<string, unknown>): void {
  if (!isMap(node)) return;
  for (const key of Object.keys(current)) if (!(key in wanted)) node.delete(key);
  for (const [key, value] of Object.entries(wanted)) {
    if (key in current && same(current[key], value)) continue;
    const child = node.get(key, true) as Node | undefined;
    reconcileValue(doc, child, current[key], value, (n) => node.set(key, n));
  }
}

function reconcileValue(doc: Document, child: Node | undefined, current: unknown, wanted: unknown, put: (n: unknown) => void): void {
  if (child !== undefined && isMap(child) && isPlainObject(current) && isPlainObject(wanted)) return reconcileMap(doc, child, current, wanted);
  if (child !== undefined && isSeq(child) && Array.isArray(current) && Array.isArray(wanted) && current.length === wanted.length) {
    wanted.forEach((item, i) => {
      if (same(current[i], item)) return;
      reconcileValue(doc, child.get(i, true), current[i], item, (n) => child.set(i, n));
    });
    return;
  }
  // A scalar keeps its node (its comment, its quotes) for a new value of the same type; a plain
  // string YAML 1.1 would read as something else (`yes`) is quoted when printed.
  if (child !== undefined && isScalar(child) && (wanted === null || typeof wanted !== 'object') && typeof child.value === typeof wanted) {
    child.value = wanted;
    return;
  }
  put(doc.createNode(wanted));
}
