import { EngineUnavailableError } from '../runtime-errors.js';

/** What dockerode rejects with: an HTTP status from the engine, or a socket error code. */
interface DockerError {
  statusCode?: number;
  message?: string;
  code?: string;
  json?: { message?: string };
}

export function statusOf(err: unknown): number | undefined {
  return (err as DockerError)?.statusCode;
}

/** The engine's own message, without dockerode's "(HTTP code 409) unexpected - " prefix. */
export function messageOf(err: unknown): string {
  const e = err as DockerError;
  return e?.json?.message ?? e?.message ?? String(err);
}

export function isConnectionError(err: unknown): boolean {
  const code = (err as DockerError)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ECONNRESET' || code === 'EPIPE';
}

/** The typed failure for a call that never reached the engine. */
export function engineUnreachable(operation: string, err: unknown): EngineUnavailableError {
  return new EngineUnavailableError(`Docker engine unreachable during ${operation}: ${messageOf(err)}`);
}
