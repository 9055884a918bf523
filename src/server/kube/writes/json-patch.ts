/**
 * JSON patch (RFC 6902, `application/json-patch+json`: `kubectl patch --type=json`): `add`,
 * `remove`, `replace`, `move`, `copy`, `test` on JSON pointers (RFC 6901, `~0` `~1`, `-` for the
 * end of a list). Applied in order to a copy; any failed operation fails the whole patch. Pure.
 */
import { PatchError } from './strategic-merge-patch.js';

type Container = Record<string, unknown> | unknown[];

export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new PatchError('a JSON patch must be a list of operations');
  let doc = structuredClone(original);
  patch.forEach((op: unknown, i) => {
    if (typeof op !== 'object' || op === null || Array.isArray(op)) throw new PatchError(`operation ${i} is not an object`);
    doc = applyOperation(doc, op as Record<string, unknown>, i);
  });
  return doc;
}

function applyOperation(doc: unknown, op: Record<string, unknown>, i: number): unknown {
  const path = pointer(op['path'], i, 'path');
  const where = `operation ${i} (${String(op['op'])} ${String(op['path'])})`;
  switch (op['op']) {
    case 'add':
      return add(doc, path, valueOf(op, where), where);
    case 'remove':
      return remove(doc, path, where).doc;
    case 'replace': {
      const removed = remove(doc, path, where).doc;
      return add(removed, path, valueOf(op, where), where);
    }
    case 'move': {
      const from = pointer(op['from'], i, 'from');
      const { doc: without, value } = remove(doc, from, where);
      return add(without, path, value, where);
    }
    case 'copy':
      return add(doc, path, structuredClone(get(doc, pointer(op['from'], i, 'from'), where)), where);
    case 'test':
      if (JSON.stringify(get(doc, path, where)) !== JSON.stringify(valueOf(op, where))) throw new PatchError(`${where}: the value is not the one tested for`);
      return doc;
    default:
      throw new PatchError(`operation ${i}: unknown op ${JSON.stringify(op['op'])}; use add, remove, replace, move, copy or test`);
  }
}

function valueOf(op: Record<string, unknown>, where: string): unknown {
  if (!('value' in op)) throw new PatchError(`${where}: missing value`);
  return structuredClone(op['value']);
}

function pointer(raw: unknown, i: number, field: string): string[] {
  if (typeof raw !== 'string' || (raw !== '' && !raw.startsWith('/'))) throw new PatchError(`operation ${i}: ${field} must be a JSON pointer such as /spec/containers/0/image`);
  return raw === '' ? [] : raw.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the last segment, walking the others. */
function parentOf(doc: unknown, path: string[], where: string): Container {
  let node: unknown = doc;
  for (const segment of path.slice(0, -1)) {
    node = child(node, segment, where);
  }
  if (typeof node !== 'object' || node === null) throw new PatchError(`${where}: the parent is not an object or a list`);
  return node as Container;
}

function child(node: unknown, segment: string, where: string): unknown {
  if (Array.isArray(node)) return node[index(node, segment, where, false)];
  if (typeof node === 'object' && node !== null && segment in node) return (node as Record<string, unknown>)[segment];
  throw new PatchError(`${where}: no such path`);
}

function index(list: unknown[], segment: string, where: string, forAdd: boolean): number {
  if (forAdd && segment === '-') return list.length;
  if (!/^(0|[1-9]\d*)$/.test(segment)) throw new PatchError(`${where}: ${JSON.stringify(segment)} is not a list index`);
  const n = Number(segment);
  if (n > list.length || (!forAdd && n === list.length)) throw new PatchError(`${where}: index ${n} is out of range (the list has ${list.length} items)`);
  return n;
}

function get(doc: unknown, path: string[], where: string): unknown {
  return path.reduce((node, segment) => child(node, segment, where), doc);
}

function add(doc: unknown, path: string[], value: unknown, where: string): unknown {
  if (path.length === 0) return value;
  const parent = parentOf(doc, path, where);
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(index(parent, last, where, true), 0, value);
  else parent[last] = value;
  return doc;
}

function remove(doc: unknown, path: string[], where: string): { doc: unknown; value: unknown } {
  if (path.length === 0) throw new PatchError(`${where}: cannot remove the whole object`);
  const parent = parentOf(doc, path, where);
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const [value] = parent.splice(index(parent, last, where, false), 1);
    return { doc, value };
  }
  if (!(last in parent)) throw new PatchError(`${where}: no such path`);
  const value = parent[last];
  delete parent[last];
  return { doc, value };
}
