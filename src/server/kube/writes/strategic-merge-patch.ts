/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), what `kubectl apply`, `patch`
 * and `edit` send for the core types: a JSON merge patch whose lists merge by key where the type
 * says so (`patch-strategies.ts`), with the directives kubectl writes: `$patch: replace|delete`,
 * `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` (apimachinery
 * `pkg/util/strategicpatch/patch.go` `mergeMap`/`mergeSlice`). Pure; throws PatchError on a patch
 * that cannot apply.
 */
import { listStrategy, type ListStrategy } from './patch-strategies.js';

export class PatchError extends Error {}

type JsonMap = Record<string, unknown>;

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

export function applyStrategicMergePatch(kind: string, original: JsonMap, patch: unknown): JsonMap {
  if (!isMap(patch)) throw new PatchError('a strategic merge patch must be a JSON object');
  const merged = mergeMap(kind, '', original, patch);
  if (merged === undefined) throw new PatchError('the patch deletes the whole object ($patch: delete at the top): use DELETE');
  return merged;
}

function mergeMap(kind: string, path: string, original: JsonMap, patch: JsonMap): JsonMap | undefined {
  const directive = patch['$patch'];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return mergeMap(kind, path, {}, withoutKey(patch, '$patch'));
  if (directive !== undefined) throw new PatchError(`${at(path)}unknown $patch directive ${JSON.stringify(directive)}: use replace or delete`);
  let result: JsonMap = { ...original };
  const retain = patch['$retainKeys'];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new PatchError(`${at(path)}$retainKeys must be a list of field names`);
    result = Object.fromEntries(Object.entries(result).filter(([k]) => retain.includes(k)));
  }
  const orders: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$retainKeys') continue;
    if (key.startsWith(SET_ORDER)) {
      orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVES)) {
      const field = key.slice(DELETE_PRIMITIVES.length);
      if (!Array.isArray(value)) throw new PatchError(`${at(path)}${key} must be a list`);
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((item) => !value.some((v) => same(v, item)));
      continue;
    }
    const child = join(path, key);
    if (value === null) delete result[key];
    else if (isMap(value)) {
      const merged = mergeMap(kind, child, isMap(result[key]) ? result[key] : {}, value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const strategy = listStrategy(kind, child);
      result[key] = strategy ? mergeList(kind, child, Array.isArray(result[key]) ? result[key] : [], value, strategy) : value.map((v) => clean(kind, `${child}[]`, v));
    } else result[key] = value;
  }
  for (const [field, order] of orders) {
    if (!Array.isArray(order)) throw new PatchError(`${at(path)}${SET_ORDER}${field} must be a list`);
    const list = result[field];
    if (Array.isArray(list)) result[field] = ordered(list, order, listStrategy(kind, join(path, field))?.mergeKey);
  }
  return result;
}

function mergeList(kind: string, path: string, original: unknown[], patch: unknown[], strategy: ListStrategy): unknown[] {
  const replace = patch.findIndex((item) => isMap(item) && item['$patch'] === 'replace' && Object.keys(item).length === 1);
  if (replace >= 0) return patch.filter((_, i) => i !== replace).map((v) => clean(kind, `${path}[]`, v));
  const key = strategy.mergeKey;
  if (key === undefined) return [...original, ...patch.filter((item) => !original.some((o) => same(o, item)))];
  const result = [...original];
  for (const item of patch) {
    if (!isMap(item) || !(key in item)) throw new PatchError(`${at(path)}every item of a merged list needs its merge key ${JSON.stringify(key)}`);
    const index = result.findIndex((o) => isMap(o) && same(o[key], item[key]));
    if (item['$patch'] === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    const base = index >= 0 && isMap(result[index]) ? result[index] : {};
    const merged = mergeMap(kind, `${path}[]`, base, item);
    if (merged === undefined) {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = merged;
    else result.push(merged);
  }
  return result;
}

/** The items `order` names first, in its order; the others after them, as they were. */
function ordered(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (item: unknown): unknown => (mergeKey !== undefined && isMap(item) ? item[mergeKey] : item);
  const position = (item: unknown): number => order.findIndex((o) => same(mergeKey !== undefined && isMap(o) ? o[mergeKey] : o, keyOf(item)));
  const named = list.filter((item) => position(item) >= 0).sort((a, b) => position(a) - position(b));
  return [...named, ...list.filter((item) => position(item) < 0)];
}

/** A value inserted as is: its maps' directives applied to nothing. */
function clean(kind: string, path: string, value: unknown): unknown {
  if (!isMap(value)) return value;
  return mergeMap(kind, path, {}, value) ?? {};
}

function withoutKey(map: JsonMap, key: string): JsonMap {
  const { [key]: _dropped, ...rest } = map;
  return rest;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function at(path: string): string {
  return path === '' ? '' : `${path}: `;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
