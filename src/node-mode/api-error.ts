/**
 * A request the API server refused, or that never got an answer: the HTTP code (0 when there was
 * none), the `Status` reason (`NotFound`, `AlreadyExists`, `Conflict`, `Expired`, `Forbidden`, …)
 * and its message, with the method and path it answered.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly detail: string,
    readonly request: string,
  ) {
    super(`${request}: ${code === 0 ? '' : `${code} `}${reason}: ${detail}`);
    this.name = 'ApiError';
  }
}

/** The error an API server's reply body says, a `Status` object when it is one (k8s `metav1.Status`). */
export function apiErrorOf(code: number, body: string, request: string): ApiError {
  try {
    const status = JSON.parse(body) as { kind?: unknown; reason?: unknown; message?: unknown };
    if (status.kind === 'Status') {
      return new ApiError(code, typeof status.reason === 'string' && status.reason !== '' ? status.reason : `HTTP ${code}`, typeof status.message === 'string' ? status.message : body, request);
    }
  } catch {
    // Not JSON: a proxy's page, or an empty body.
  }
  return new ApiError(code, `HTTP ${code}`, body.slice(0, 200) || '(empty body)', request);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 409;
}

/** `410 Gone` (reason `Expired`): the resourceVersion is too old, list again. */
export function isGone(err: unknown): boolean {
  return err instanceof ApiError && err.code === 410;
}
