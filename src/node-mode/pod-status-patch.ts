import { isDeepStrictEqual } from 'node:util';

/**
 * The strategic-merge patch from the API's pod status to the kubelet's (k8s `pkg/util/pod/pod.go`
 * `PatchPodStatus`, a two-way merge patch old → new): changed fields only; a field that went away
 * is sent as null (a container's `state.waiting` once it runs); lists with a merge key are patched
 * item by item (`conditions` by type, container statuses by name), so conditions the kubelet does
 * not own, which only the API copy has, are kept. Pure; undefined when nothing differs.
 */

/** The merge keys of PodStatus's lists (k8s `core/v1/types.go` patchMergeKey). */
const MERGE_KEYS: Record<string, string> = {
  conditions: 'type',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  ephemeralContainerStatuses: 'name',
  podIPs: 'ip',
  hostIPs: 'ip',
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: Json | undefined): boolean {
  return v === undefined || v === null || v === '';
}

function diffObject(old: Record<string, Json>, next: Record<string, Json>): Record<string, Json> | undefined {
  const patch: Record<string, Json> = {};
  for (const [key, value] of Object.entries(next)) {
    const before = old[key];
    // The API leaves out empty `omitempty` fields: absent, null and "" are the same value.
    if (isEmpty(value) && isEmpty(before)) continue;
    const mergeKey = MERGE_KEYS[key];
    if (mergeKey && Array.isArray(value)) {
      const items = diffList(Array.isArray(before) ? before : [], value, mergeKey);
      if (items) patch[key] = items;
      continue;
    }
    if (isObject(value) && isObject(before)) {
      const inner = diffObject(before, value);
      if (inner) patch[key] = inner;
      continue;
    }
    if (!isDeepStrictEqual(before, value)) patch[key] = value;
  }
  for (const [key, before] of Object.entries(old)) if (!isEmpty(before) && isEmpty(next[key])) patch[key] = null;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function diffList(old: Json[], next: Json[], mergeKey: string): Json[] | undefined {
  const byKey = new Map(old.filter(isObject).map((item) => [item[mergeKey], item]));
  const items: Json[] = [];
  for (const item of next) {
    if (!isObject(item)) continue;
    const before = byKey.get(item[mergeKey]);
    if (!before) {
      items.push(item);
      continue;
    }
    const inner = diffObject(before, item);
    if (inner) items.push({ ...inner, [mergeKey]: item[mergeKey] ?? null });
  }
  return items.length > 0 ? items : undefined;
}

/** `{metadata: {uid}, status: …}` to PATCH `pods/<n>/status`, or undefined when the API already has this status. */
export function makePodStatusPatch(apiStatus: unknown, status: unknown, uid: string): { metadata: { uid: string }; status: Record<string, Json> } | undefined {
  const before = isObject(apiStatus) ? apiStatus : {};
  const after = JSON.parse(JSON.stringify(status ?? {})) as Record<string, Json>;
  // The kubelet owns these; the others (set by controllers, or `readinessGates`) stay as the API has them.
  const diff = diffObject(before, after);
  return diff ? { metadata: { uid }, status: diff } : undefined;
}
