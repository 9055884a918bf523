/** Typed runtime failures the executor expects and turns into step results, not crashes. */

export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

/** The engine did not answer a call within the request timeout: it is as unavailable as one that refuses connections. */
export class DeadlineExceededError extends EngineUnavailableError {
  override name = 'DeadlineExceededError';
}

export class NameConflictError extends Error {
  override name = 'NameConflictError';
  constructor(
    readonly containerName: string,
    readonly existingId: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export class ImageNotFoundError extends Error {
  override name = 'ImageNotFoundError';
}

export class RuntimeCallError extends Error {
  override name = 'RuntimeCallError';
  constructor(
    readonly operation: string,
    readonly statusCode: number | undefined,
    message: string,
  ) {
    super(message);
  }
}
