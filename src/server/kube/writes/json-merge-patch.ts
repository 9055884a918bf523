/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`: what `kubectl label`, `annotate`
 * and `patch --type=merge` send): maps merge, `null` removes a key, anything else replaces. Pure.
 */
export function applyJsonMergePatch(original: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const result: Record<string, unknown> = isMap(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyJsonMergePatch(result[key], value);
  }
  return result;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
