import { fieldError, formatPath, type FieldProblem } from './field-path.js';
import type { ObjectMeta } from './pod-types.js';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  qualifiedNameErrors,
} from './name-validation.js';

/** `metadata` rules: apimachinery `pkg/api/validation/objectmeta.go`, plus what minikubelet needs of names. */

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function invalid(path: string, value: unknown, detail: string): FieldProblem {
  return fieldError(path, `invalid value ${JSON.stringify(value)}: ${detail}`);
}

export function validateMetadata(metadata: ObjectMeta): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (metadata.name === '') problems.push(fieldError('metadata.name', 'required: every pod needs a name'));
  else {
    // Up to 253 characters, as the API server allows; the hostname is cut to 63 (`podHostname`).
    for (const e of dns1123SubdomainErrors(metadata.name)) problems.push(invalid('metadata.name', metadata.name, e));
  }
  for (const e of dns1123LabelErrors(metadata.namespace)) problems.push(invalid('metadata.namespace', metadata.namespace, e));
  if (metadata.uid !== '' && !/^[A-Za-z0-9][-A-Za-z0-9]{0,63}$/.test(metadata.uid))
    problems.push(
      invalid(
        'metadata.uid',
        metadata.uid,
        "must be at most 64 alphanumeric characters or '-', starting with an alphanumeric " +
          "(it names the pod's directory and Docker containers)",
      ),
    );
  problems.push(...validateLabels(metadata.labels), ...validateAnnotations(metadata.annotations));
  return problems;
}

function validateLabels(labels: Record<string, string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const e of qualifiedNameErrors(key)) problems.push(invalid('metadata.labels', key, e));
    for (const e of labelValueErrors(value)) problems.push(invalid(formatPath(['metadata', 'labels', key]), value, e));
  }
  return problems;
}

function validateAnnotations(annotations: Record<string, string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // Annotation keys are checked lowercased (ValidateAnnotations).
    for (const e of qualifiedNameErrors(key.toLowerCase())) problems.push(invalid('metadata.annotations', key, e));
    size += key.length + value.length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT)
    problems.push(fieldError('metadata.annotations', `too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`));
  return problems;
}
