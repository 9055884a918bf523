import type * as z from 'zod';
import { closestName } from './did-you-mean.js';
import { fieldError, formatPath, type FieldProblem } from './field-path.js';

/**
 * zod issues → one message each, with the field path and the offending value, in the words a
 * Kubernetes user expects (`must be an integer, got string "80"`). The only place raw zod issues
 * are read; `unrecognized_keys` is handled by `decode-pod.ts`.
 */
export function issueToProblem(issue: z.core.$ZodIssue): FieldProblem {
  return fieldError(formatPath(issue.path.filter(isPathKey)), issueMessage(issue));
}

function isPathKey(segment: PropertyKey): segment is string | number {
  return typeof segment !== 'symbol';
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `${expectedText(issue.expected)}, got ${describeValue(issue.input)}${typeHint(issue.expected, issue.input)}`;
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const wanted = allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(', ')}`;
      const guess = typeof issue.input === 'string' ? closestName(issue.input, issue.values.map(String)) : undefined;
      return `${wanted}, got ${describeValue(issue.input)}${guess !== undefined ? ` (did you mean "${guess}"?)` : ''}`;
    }
    case 'invalid_union':
      return `${issue.message}, got ${describeValue(issue.input)}`;
    case 'too_big':
      return `must be less than or equal to ${String(issue.maximum)}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return `must be greater than or equal to ${String(issue.minimum)}, got ${describeValue(issue.input)}`;
    default:
      return issue.message;
  }
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'number':
    case 'int':
      return 'must be an integer';
    case 'string':
      return 'must be a string';
    case 'boolean':
      return 'must be true or false';
    case 'object':
    case 'record':
      return 'must be a mapping (key: value)';
    case 'array':
      return 'must be a list';
    default:
      return `must be ${expected}`;
  }
}

/** How YAML turned the user's text into something else, and what to write instead. */
function typeHint(expected: string, input: unknown): string {
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean'))
    return '; quote the value in YAML (unquoted yes/no/on/off/true/false are booleans, unquoted digits are numbers)';
  if ((expected === 'number' || expected === 'int') && typeof input === 'string' && /^\s*-?\d+\s*$/.test(input))
    return '; remove the quotes';
  if (expected === 'array' && typeof input === 'string') return '; write it as a YAML list (- item) or ["a", "b"]';
  return '';
}

/** `string "80"`, `number 1.5`, `boolean true`, `a list`, `a mapping`: short, never the whole value. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (value instanceof Date) return 'a timestamp';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
