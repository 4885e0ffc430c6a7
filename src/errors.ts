// Domain errors: services throw these; the error handler maps them to HTTP status and translated text.

/** One of several reasons behind an error, e.g. each posting rule a schedule breaks. */
export type ErrorReason = { path: string; code: string; params?: Record<string, unknown> }

/** Base of every error a service throws on purpose. `code` is an i18n key under `errors.`. */
export class DomainError extends Error {
  readonly statusCode: number = 400
  reasons: ErrorReason[] = []
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? code)
    this.name = new.target.name
  }

  /** Adds the reasons the error handler translates into `details`, one per reason. */
  because(reasons: ErrorReason[]): this {
    this.reasons = reasons
    return this
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
