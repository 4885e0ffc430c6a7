// A shop call that failed, by kind: the credentials (auth), the platform's rate limit, a missing
// resource, a passing failure (transient) or an answer Fanfare does not understand (invalid).
// A domain error, so a route that meets one answers with a translated message (errors.shop.<kind>).
import { DomainError } from '../../../errors.js'

export type ShopErrorKind = 'auth' | 'rate_limit' | 'not_found' | 'transient' | 'invalid'

const STATUS: Record<ShopErrorKind, number> = {
  auth: 502,
  rate_limit: 503,
  not_found: 404,
  transient: 502,
  invalid: 502,
}

export class ShopError extends DomainError {
  override readonly statusCode: number

  constructor(
    readonly kind: ShopErrorKind,
    message: string,
    /** how long the platform asked to wait */
    readonly retryAfterMs?: number,
  ) {
    super(`shop.${kind}`, { message }, message)
    this.name = 'ShopError'
    this.statusCode = STATUS[kind]
  }

  get isRetryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'transient'
  }
}
