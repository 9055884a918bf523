/**
 * The API server's answers to writes that fail, word for word where kubectl shows them
 * (apimachinery `pkg/api/errors/errors.go`): AlreadyExists, Conflict, Invalid with field causes,
 * the strict-decoding BadRequest, UnsupportedMediaType. Pure.
 */
import type { FieldProblem } from '../../../api/field-path.js';
import type { Failure, StatusCause } from '../../status-object.js';

/** `pods`, `configmaps`: the resource as the messages name it. */
export function alreadyExists(resource: string, name: string, where?: string): Failure {
  const message = `${resource} "${name}" already exists${where ? ` (${where})` : ''}`;
  return { code: 409, reason: 'AlreadyExists', message, details: { name, kind: resource } };
}

export function notFound(resource: string, name: string): Failure {
  return { code: 404, reason: 'NotFound', message: `${resource} "${name}" not found`, details: { name, kind: resource } };
}

export function conflict(resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): Failure {
  return { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, details: { name, kind: resource } };
}

/** `Pod "web" is invalid: spec.containers[0].image: Required value`, one cause per field problem. */
export function invalid(kind: string, name: string, problems: readonly FieldProblem[]): Failure {
  const causes: StatusCause[] = problems.map((p) => ({ reason: causeReason(p.message), message: p.message, ...(p.path !== '' ? { field: p.path } : {}) }));
  const parts = problems.map((p) => (p.path !== '' ? `${p.path}: ${p.message}` : p.message));
  const list = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
  return { code: 422, reason: 'Invalid', message: `${kind} "${name}" is invalid: ${list}`, details: { name, kind, causes } };
}

function causeReason(message: string): string {
  if (/^forbidden/i.test(message)) return 'FieldValueForbidden';
  if (/^required/i.test(message)) return 'FieldValueRequired';
  if (/^duplicate/i.test(message)) return 'FieldValueDuplicate';
  if (/^unsupported/i.test(message)) return 'FieldValueNotSupported';
  return 'FieldValueInvalid';
}

/** `fieldValidation=Strict` (kubectl's default) and a field the type does not have. */
export function strictDecoding(kind: string, problems: readonly FieldProblem[]): Failure {
  const fields = problems.map((p) => `unknown field "${p.path}"${hintOf(p.message)}`).join(', ');
  return { code: 400, reason: 'BadRequest', message: `${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: ${fields}` };
}

function hintOf(message: string): string {
  const hint = message.replace(/^unknown field, ignored;?\s*/, '');
  return hint === '' ? '' : ` (${hint})`;
}

export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

/** A body type this server does not take; server-side apply (`application/apply-patch+yaml`) among them. */
export function unsupportedMediaType(type: string): Failure {
  const ssa = type === 'application/apply-patch+yaml'
    ? ': server-side apply is not supported by minikubelet; use client-side `kubectl apply` (without --server-side), which sends a strategic merge patch'
    : '';
  return { code: 415, reason: 'UnsupportedMediaType', message: `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}${ssa}` };
}

export function badRequest(message: string): Failure {
  return { code: 400, reason: 'BadRequest', message };
}
