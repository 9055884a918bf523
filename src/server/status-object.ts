import type { ServerResponse } from 'node:http';
import type { ApiFailure } from './agent-api.js';

/** Reasons the server answers with; ApiFailure's (from the agent) plus the server's own. */
export type StatusReason =
  | ApiFailure['reason'] | 'MethodNotAllowed' | 'Expired' | 'Unauthorized'
  | 'Invalid' | 'AlreadyExists' | 'Forbidden' | 'UnsupportedMediaType' | 'RequestEntityTooLarge';

/** One field a write got wrong (`Status.details.causes`, as kubectl prints them). */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface Failure {
  code: number;
  reason: StatusReason;
  message: string;
  /** The object the failure is about, and for `Invalid` the fields. */
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
}

/** The Kubernetes `Status` object (`meta/v1`), as the API server returns it for failures. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: Failure['details'];
  code: number;
}

export function makeStatus(failure: Failure): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: failure.message,
    reason: failure.reason,
    ...(failure.details ? { details: failure.details } : {}),
    code: failure.code,
  };
}

export function isFailure(value: object): value is ApiFailure {
  return 'code' in value && 'reason' in value && 'message' in value;
}

export function isKubeStatus(value: unknown): value is KubeStatus {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** The apiserver's wording: `pods "web" not found`. */
export function podNotFound(name: string): Failure {
  return { code: 404, reason: 'NotFound', message: `pods "${name}" not found` };
}

export function badRequest(message: string): Failure {
  return { code: 400, reason: 'BadRequest', message };
}

export function internalError(message: string): Failure {
  return { code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}` };
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, failure: Failure): void {
  sendJson(res, failure.code, makeStatus(failure));
}

/** A whole HTTP/1.1 response carrying a Status, for a socket taken over by an upgrade request. */
export function rawStatusResponse(failure: Failure): string {
  const text = JSON.stringify(makeStatus(failure));
  return [
    `HTTP/1.1 ${failure.code} ${failure.reason}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    '',
    text,
  ].join('\r\n');
}
