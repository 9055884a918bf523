import { isMap, isScalar, isSeq, LineCounter, type Node, type Tags } from 'yaml';
import { childPath } from '../api/field-path.js';
import { parseAllDocumentsLikeGoYaml } from './go-yaml-escapes.js';
import { estimateNesting } from './nesting-estimate.js';

/**
 * Manifest text → the plain values of its YAML documents, with every problem found on the way.
 * Guards: nesting depth (before and after parsing), alias expansion (`maxAliasCount`, against
 * "billion laughs"), duplicate keys (found in linear time; the yaml package's own check is
 * quadratic). YAML 1.1 is used, as Kubernetes' go-yaml does: unquoted `yes`/`no`/`on`/`off` are
 * booleans, so `- yes` in a command is reported instead of silently meaning something else.
 */

export const MAX_NESTING_DEPTH = 64;
/** Beyond this the text-level estimate refuses the file before parsing (the estimate over-counts). */
const MAX_ESTIMATED_NESTING = 256;
const MAX_ALIAS_COUNT = 100;
const MAX_SYNTAX_ERRORS_PER_DOCUMENT = 5;

export interface YamlDocument {
  /** 0-based index of the document in the file. */
  index: number;
  value: unknown;
}

export interface YamlProblem {
  severity: 'error' | 'warning';
  document?: number;
  path?: string;
  message: string;
}

const TOO_DEEP = `nesting is deeper than the ${MAX_NESTING_DEPTH}-level limit`;

/** Timestamps and sexagesimal numbers (`1:20` = 80) are YAML 1.1 types Kubernetes does not decode; they stay strings. */
function kubernetesTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    const t = tag as { tag?: string; format?: string };
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });
}

export function readYamlDocuments(text: string): { documents: YamlDocument[]; problems: YamlProblem[] } {
  const estimate = estimateNesting(text);
  if (estimate.depth > MAX_ESTIMATED_NESTING)
    return { documents: [], problems: [{ severity: 'error', message: `${TOO_DEEP} (around line ${estimate.line})` }] };
  const lineCounter = new LineCounter();
  const parsed = parseAllDocumentsLikeGoYaml(text, {
    version: '1.1',
    customTags: kubernetesTags,
    prettyErrors: false,
    uniqueKeys: false,
    lineCounter,
  });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return '';
    const { line, col } = lineCounter.linePos(offset);
    return ` at line ${line}, column ${col}`;
  };
  const documents: YamlDocument[] = [];
  const problems: YamlProblem[] = [];
  parsed.forEach((doc, index) => {
    for (const warning of doc.warnings)
      problems.push({ severity: 'warning', document: index, message: `YAML${at(warning.pos[0])}: ${warning.message}` });
    if (doc.errors.length > 0) {
      for (const error of doc.errors.slice(0, MAX_SYNTAX_ERRORS_PER_DOCUMENT)) {
        const message = error.message.includes('call stack') ? TOO_DEEP : error.message;
        problems.push({ severity: 'error', document: index, message: `invalid YAML${at(error.pos[0])}: ${message}` });
      }
      const more = doc.errors.length - MAX_SYNTAX_ERRORS_PER_DOCUMENT;
      if (more > 0) problems.push({ severity: 'error', document: index, message: `invalid YAML: ${more} more errors` });
      return;
    }
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return; // an empty document
    const duplicates = duplicateKeys(contents, (offset) => lineCounter.linePos(offset).line);
    if (duplicates.length > 0) {
      problems.push(...duplicates.map((d) => ({ severity: 'error' as const, document: index, ...d })));
      return;
    }
    const converted = toPlainValue(() => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown);
    if (!converted.ok) problems.push({ severity: 'error', document: index, message: converted.message });
    else documents.push({ index, value: converted.value });
  });
  return { documents, problems };
}

function toPlainValue(convert: () => unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = convert();
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, message: TOO_DEEP };
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message))
      return { ok: false, message: `YAML aliases expand more than ${MAX_ALIAS_COUNT} times (an alias bomb?): refused` };
    return { ok: false, message: `invalid YAML: ${message}` };
  }
  return depthOf(value) > MAX_NESTING_DEPTH ? { ok: false, message: TOO_DEEP } : { ok: true, value };
}

/** Container nesting depth, iteratively (aliases can make a value deeper than its text). */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth } = item;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > MAX_NESTING_DEPTH) return max;
    for (const member of Array.isArray(value) ? value : Object.values(value)) stack.push({ value: member, depth: depth + 1 });
  }
  return max;
}

/** Keys set twice in one mapping: YAML would keep the last silently, so say so. */
function duplicateKeys(root: Node, lineOf: (offset: number) => number): Array<{ path: string; message: string }> {
  const found: Array<{ path: string; message: string }> = [];
  const stack: Array<{ node: unknown; path: string }> = [{ node: root, path: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, path } = item;
    if (isSeq(node)) node.items.forEach((child, i) => stack.push({ node: child, path: childPath(path, i) }));
    if (!isMap(node)) continue;
    const seen = new Map<string, number | undefined>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || key === '<<') continue;
      const line = isScalar(pair.key) && pair.key.range ? lineOf(pair.key.range[0]) : undefined;
      if (seen.has(key)) {
        const lines = [...new Set([seen.get(key), line])].filter((l) => l !== undefined);
        const where = lines.length === 0 ? '' : lines.length === 1 ? ` (line ${lines[0]})` : ` (lines ${lines.join(' and ')})`;
        found.push({ path: childPath(path, key), message: `duplicate key${where}: YAML would keep only the last value; remove one` });
      } else seen.set(key, line);
      stack.push({ node: pair.value, path: childPath(path, key) });
    }
  }
  return found.reverse();
}
