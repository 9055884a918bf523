/**
 * Stand-ins for modules other engineers are still writing, used by the CLI tests through
 * `vi.mock(path, (importOriginal) => realOr(importOriginal, stub))`: the real module once it
 * exists, this stub until then. The stubs keep to the contracts (DESIGN.md §2), so the tests'
 * assertions hold for both.
 */
import { parseAllDocuments, stringify } from 'yaml';
import type { ManifestProblem } from '../../src/manifests/manifest-problem.js';

export async function realOr<T>(importOriginal: () => Promise<T>, stub: unknown): Promise<T> {
  try {
    return await importOriginal();
  } catch {
    return stub as T;
  }
}

/** `printers/output-format.ts`: a v1 PodList for a list, the Pod itself for one. */
export const outputFormatStub = {
  formatPods(podsOrPod: unknown, format: 'json' | 'yaml'): string {
    const value = Array.isArray(podsOrPod)
      ? { apiVersion: 'v1', kind: 'List', items: podsOrPod, metadata: { resourceVersion: '' } }
      : podsOrPod;
    return format === 'json' ? `${JSON.stringify(value, null, 4)}\n` : stringify(value);
  },
};

/** `manifests/parse-manifest.ts`: YAML errors and duplicate container names only. */
export const parseManifestStub = {
  parseManifest({ file, content }: { file: string; content: string; nodeName: string }) {
    const errors: ManifestProblem[] = [];
    const pods: unknown[] = [];
    parseAllDocuments(content).forEach((doc, document) => {
      if (doc.errors.length > 0) {
        errors.push({ severity: 'error', file, document, message: doc.errors[0]!.message });
        return;
      }
      const pod = doc.toJS() as { spec?: { containers?: { name?: string }[] } } | null;
      if (pod === null) return;
      const seen = new Set<string>();
      (pod.spec?.containers ?? []).forEach((c, i) => {
        if (c.name !== undefined && seen.has(c.name)) {
          errors.push({ severity: 'error', file, document, path: `spec.containers[${i}].name`, message: `duplicate name "${c.name}"` });
        }
        if (c.name !== undefined) seen.add(c.name);
      });
      pods.push(pod);
    });
    return { file, pods: errors.length > 0 ? [] : pods, errors, warnings: [] as ManifestProblem[] };
  },
};
