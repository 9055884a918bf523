/** Typed runtime failures the executor expects and turns into step results, not crashes. */

export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
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
