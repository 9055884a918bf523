/**
 * A write through the API as the file it makes: the object put into its document (edited in
 * place, or a new file), then the whole file parsed exactly as a file drop is
 * (`parseManifest`): any error refuses the write with `422 Invalid` and its field causes, before
 * anything touches the disk. For a pod already running, the update rules (`pod-update-check.ts`)
 * apply, and its UID is kept: when the spec edit would give the file's pod a new UID, the document
 * pins the old one in `metadata.uid`, so an image change restarts only that container (as the
 * kubelet does for an API pod) instead of recreating the pod. Pure.
 */
import type { FieldProblem } from '../../../api/field-path.js';
import type { Pod } from '../../../api/pod-types.js';
import { newDocumentText, replaceDocument } from '../../../manifests/edit-document.js';
import { sameContent } from '../../../manifests/desired-config-objects.js';
import type { ManifestProblem } from '../../../manifests/manifest-problem.js';
import { parseManifest, type ParsedManifest } from '../../../manifests/parse-manifest.js';
import type { Failure } from '../../status-object.js';
import { checkPodUpdate } from './pod-update-check.js';
import { invalid, strictDecoding } from './write-failures.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteInput {
  kind: string;
  name: string;
  nodeName: string;
  /** The manifest file; `text` and `document` absent for a new one. */
  file: string;
  text?: string;
  document?: number;
  /** The object as the document should hold it (`withoutServerFields`). */
  value: Record<string, unknown>;
  fieldValidation: FieldValidation;
}

export interface PreparedWrite {
  text: string;
  parsed: ParsedManifest;
  document: number;
  /** What a file drop would warn about (kubectl prints them as `Warning:` lines). */
  warnings: string[];
}

export function prepareWrite(input: WriteInput): PreparedWrite | Failure {
  const document = input.document ?? 0;
  const render = (value: Record<string, unknown>) => (input.text === undefined ? newDocumentText(value) : replaceDocument(input.text, document, value));
  const before = input.text === undefined ? undefined : parseManifest({ file: input.file, content: input.text, nodeName: input.nodeName });
  // Unknown fields the document already had are the file's own warnings, not this request's.
  const known = new Set(before?.warnings.filter((w) => w.document === document && isUnknownField(w)).map((w) => w.path));
  let text = render(input.value);
  let parsed = parseManifest({ file: input.file, content: text, nodeName: input.nodeName });
  const refused = refusal(input, parsed, document, known);
  if (refused) return refused;
  const oldPod = input.kind === 'Pod' && before !== undefined ? podOf(before, document) : undefined;
  const newPod = podOf(parsed, document);
  if (oldPod && newPod) {
    const problems = checkPodUpdate(oldPod, newPod);
    if (problems.length > 0) return invalid(input.kind, input.name, problems);
    if (newPod.metadata.uid !== oldPod.metadata.uid) {
      const metadata = { ...(input.value['metadata'] as Record<string, unknown>), uid: oldPod.metadata.uid };
      text = render({ ...input.value, metadata });
      parsed = parseManifest({ file: input.file, content: text, nodeName: input.nodeName });
      const again = refusal(input, parsed, document, known);
      if (again) return again;
    }
  }
  const immutable = before === undefined ? undefined : immutableChange(input, before, parsed, document);
  if (immutable) return immutable;
  const warnings = parsed.warnings.filter((w) => !isUnknownField(w) || input.fieldValidation === 'Warn').map((w) => `${w.path ? `${w.path}: ` : ''}${w.message}`);
  return { text, parsed, document, warnings };
}

function refusal(input: WriteInput, parsed: ParsedManifest, document: number, known: ReadonlySet<string | undefined>): Failure | undefined {
  const unknown = parsed.warnings.filter((w) => w.document === document && isUnknownField(w) && !known.has(w.path));
  if (input.fieldValidation === 'Strict' && unknown.length > 0) return strictDecoding(input.kind, unknown.map(toField));
  if (parsed.errors.length === 0) return undefined;
  // Errors of other documents of the file (it applies whole or not at all) name their document.
  const problems = parsed.errors.map((e) => (e.document === undefined || e.document === document ? toField(e) : { ...toField(e), message: `(document ${e.document} of ${input.file}) ${e.message}` }));
  return invalid(input.kind, input.name, problems);
}

/** An `immutable: true` ConfigMap or Secret may only be deleted (the API server's `ValidateConfigMapUpdate`). */
function immutableChange(input: WriteInput, before: ParsedManifest, after: ParsedManifest, document: number): Failure | undefined {
  const old = before.objects.find((o) => o.document === document)?.object;
  const now = after.objects.find((o) => o.document === document)?.object;
  if (!old?.immutable || now === undefined || sameContent(old, now)) return undefined;
  return invalid(input.kind, input.name, [{ severity: 'error', path: 'data', message: 'Forbidden: field is immutable when `immutable` is set' }]);
}

function isUnknownField(p: ManifestProblem): boolean {
  return p.message.startsWith('unknown field');
}

function toField(p: ManifestProblem): FieldProblem {
  return { severity: p.severity, path: p.path ?? '', message: p.message };
}

function podOf(parsed: ParsedManifest, document: number): Pod | undefined {
  return parsed.pods.find((p) => p.document === document)?.pod;
}
