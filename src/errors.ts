// Domain errors: services throw these; the error handler maps them to HTTP status and translated text.

/** Base of every error a service throws on purpose. `code` is an i18n key under `errors.`. */
export class DomainError extends Error {
  readonly statusCode: number = 400
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? code)
    this.name = new.target.name
  }
}

export class NotFound extends DomainError {
  override readonly statusCode = 404
}

export class Forbidden extends DomainError {
  override readonly statusCode = 403
}

export class Unauthorized extends DomainError {
  override readonly statusCode = 401
}

export class Conflict extends DomainError {
  override readonly statusCode = 409
}

/** A business rule refused the request (422), e.g. a posting cap. */
export class RuleViolation extends DomainError {
  override readonly statusCode = 422
}

/** Invalid input found by a service after schema validation (400), with the offending field. */
export class InvalidInput extends DomainError {
  constructor(
    readonly field: string,
    code: string,
    params: Record<string, unknown> = {},
  ) {
    super(code, params)
  }
}
