import { canonicalJson } from './canonical-json.js';
import { applyPodDefaults } from './defaults.js';
import { jsonEqual } from './json-equal.js';
import type { PodManifest } from './pod-schema.js';

/**
 * What the user wrote of a pod, as the identity of its pod UID and container hashes: the decoded
 * manifest (unknown fields and nulls already dropped) minus labels, annotations and `uid`, and
 * minus every field the defaults would restore: a field is left out when the pod without it
 * defaults to the same pod. So key order, whitespace, `restartPolicy: Always` spelt out, or a
 * default a newer version adds (absent here, restored by that version's defaults) change nothing,
 * while any value the defaults would not give is kept.
 *
 * The form is canonical: applied to the manifest or to the pod its defaults made, it is the same
 * (the defaults are idempotent; `written-form.test.ts` checks it over the fixture manifests), so
 * the container hash can be taken from the defaulted pod the sync has. Labels and annotations are
 * out: relabelling restarts nothing, and the kubelet refreshes the downward API files in place.
 */
export type WrittenForm = Record<string, unknown>;

const cache = new WeakMap<object, WrittenForm>();

/** The defaults a form is pruned against: this version's, or (tests) a later version's. */
export type PodDefaulter = (manifest: PodManifest) => unknown;

/**
 * The written form of a decoded manifest or of a defaulted pod (cached per object with this
 * version's defaults: pods are immutable).
 */
export function writtenForm(
  pod: PodManifest | { metadata: { name: string; namespace: string }; spec: object },
  defaults: PodDefaulter = applyPodDefaults,
): WrittenForm {
  const cached = defaults === applyPodDefaults ? cache.get(pod) : undefined;
  if (cached) return cached;
  const { name, namespace } = pod.metadata ?? {};
  const work = structuredClone({ ...pod, metadata: { name, namespace } }) as WrittenForm;
  // The target as its canonical JSON reads back: nothing in it is shared with the form the prune cuts.
  const made = defaulted(work, defaults);
  const target = made === REFUSED ? REFUSED : (JSON.parse(canonicalJson(made)) as unknown);
  prune(work, [], (path) => {
    const now = defaulted(work, defaults);
    return now === REFUSED || target === REFUSED ? now === target : jsonEqual(now, target, path);
  });
  if (defaults === applyPodDefaults) cache.set(pod, work);
  return work;
}

/** The written form of each init and app container, by name. */
export function writtenContainers(form: WrittenForm): Map<string, unknown> {
  const spec = (form.spec ?? {}) as { initContainers?: Array<{ name: string }>; containers?: Array<{ name: string }> };
  return new Map([...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => [c.name, c]));
}

/** A form the defaults cannot take (a required field left out): the same only as another such form. */
const REFUSED = Symbol('refused');

/** The pod the defaults make of the form; compared as `canonicalJson` would (`jsonEqual`), without serialising it. */
function defaulted(form: WrittenForm, defaults: PodDefaulter): unknown {
  try {
    return defaults(form as PodManifest);
  } catch {
    return REFUSED;
  }
}

/**
 * Depth first, so a mapping emptied of defaults can go too; array items stay (their order is data).
 * `same` is told the path of the member just left out: where the defaulted pod most likely differs.
 */
function prune(node: unknown, path: string[], same: (path: readonly string[]) => boolean): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => prune(item, [...path, String(i)], same));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const at = [...path, key];
    prune(object[key], at, same);
    const value = object[key];
    delete object[key];
    if (!same(at)) object[key] = value;
  }
}
