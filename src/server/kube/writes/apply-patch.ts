/**
 * A PATCH body applied to the document's object, by its Content-Type: strategic merge (kubectl's
 * default for the core types), JSON merge, JSON patch. Server-side apply is refused as the API
 * server refuses a type it does not serve (415, with why). Pure.
 */
import type { Failure } from '../../status-object.js';
import { applyJsonMergePatch } from './json-merge-patch.js';
import { applyJsonPatch } from './json-patch.js';
import { hasPatchStrategies } from './patch-strategies.js';
import { applyStrategicMergePatch, PatchError } from './strategic-merge-patch.js';
import { unsupportedMediaType } from './write-failures.js';

export function applyPatch(kind: string, type: string, original: Record<string, unknown>, patch: unknown): Record<string, unknown> | Failure {
  try {
    let result: unknown;
    if (type === 'application/strategic-merge-patch+json' && hasPatchStrategies(kind)) result = applyStrategicMergePatch(kind, original, patch);
    else if (type === 'application/merge-patch+json') result = applyJsonMergePatch(original, patch);
    else if (type === 'application/json-patch+json') result = applyJsonPatch(original, patch);
    else return unsupportedMediaType(type);
    if (typeof result !== 'object' || result === null || Array.isArray(result)) return unprocessable('the patched object is not a JSON object');
    return result as Record<string, unknown>;
  } catch (err) {
    if (err instanceof PatchError) return unprocessable(err.message);
    throw err;
  }
}

/** As the API server answers a patch that does not apply (`patch.go`: 422 with the patch error). */
function unprocessable(message: string): Failure {
  return { code: 422, reason: 'Invalid', message: `the patch could not be applied: ${message}` };
}
