/**
 * A pod read back with `kubectl get -o yaml`, edited and sent whole (`kubectl replace`, `edit`)
 * carries every default the API filled in (`terminationMessagePath`, `dnsPolicy`, empty lists).
 * Written into a hand-written document they would bury what its author wrote: a field the
 * document did not have and that the defaults restore anyway is left out (the same test as
 * `written-form.ts`: the pod without it defaults to the same pod). Fields the document had stay,
 * defaults or not. Pure.
 */
import { canonicalJson } from '../../../api/canonical-json.js';
import { decodePod } from '../../../api/decode-pod.js';
import { applyPodDefaults } from '../../../api/defaults.js';

type JsonMap = Record<string, unknown>;

export function withoutRestoredDefaults(value: JsonMap, previous: JsonMap | undefined): JsonMap {
  if (value['kind'] !== 'Pod' || previous === undefined || !isMap(value['spec'])) return value;
  // Each candidate costs a decode: a body with thousands of fields the document lacks is kept as sent.
  if (candidates(value['spec'], previous['spec']) > MAX_CANDIDATES) return value;
  const work = structuredClone(value);
  const target = defaulted(work);
  if (target === undefined) return value;
  prune(work['spec'], previous['spec'], () => defaulted(work) === target);
  return work;
}

const MAX_CANDIDATES = 400;

/** How many fields `prune` would try. */
function candidates(node: unknown, before: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item, i) => n + candidates(item, Array.isArray(before) ? before[i] : undefined), 0);
  if (!isMap(node)) return 0;
  const had = isMap(before) ? before : {};
  return Object.keys(node).reduce((n, key) => n + (key in had ? 0 : 1) + candidates(node[key], had[key]), 0);
}

function defaulted(value: JsonMap): string | undefined {
  const decoded = decodePod(structuredClone(value));
  if (decoded.manifest === undefined || decoded.problems.some((p) => p.severity === 'error')) return undefined;
  try {
    return canonicalJson(applyPodDefaults(decoded.manifest));
  } catch {
    return undefined;
  }
}

/** Depth first over what `before` (the document) lacks; list items are matched by position. */
function prune(node: unknown, before: unknown, same: () => boolean): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => prune(item, Array.isArray(before) ? before[i] : undefined, same));
    return;
  }
  if (!isMap(node)) return;
  const had = isMap(before) ? before : {};
  for (const key of Object.keys(node)) {
    prune(node[key], had[key], same);
    if (key in had) continue;
    const kept = node[key];
    delete node[key];
    if (!same()) node[key] = kept;
  }
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
