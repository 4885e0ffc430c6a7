// Graph errors as values with a kind, so callers decide retry / reconnect / give up by kind,
// never by matching message strings (mapping per GRAPH_API.md §5).

export type GraphErrorKind = 'auth' | 'permission' | 'invalid' | 'rate_limited' | 'transient' | 'unknown'

export interface GraphErrorDetails {
  kind: GraphErrorKind
  message: string
  code?: number
  subcode?: number
  type?: string
  status?: number
  fbtraceId?: string
  retryAfterMs?: number
  userTitle?: string
  userMessage?: string
  isTransient?: boolean
  cause?: unknown
}

export class GraphError extends Error {
  readonly kind: GraphErrorKind
  readonly code: number | undefined
  readonly subcode: number | undefined
  readonly type: string | undefined
  readonly status: number | undefined
  readonly fbtraceId: string | undefined
  /** for rate_limited: how long to wait before calling again */
  readonly retryAfterMs: number | undefined
  readonly userTitle: string | undefined
  readonly userMessage: string | undefined

  constructor(details: GraphErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'GraphError'
    this.kind = details.kind
    this.code = details.code
    this.subcode = details.subcode
    this.type = details.type
    this.status = details.status
    this.fbtraceId = details.fbtraceId
    this.retryAfterMs = details.retryAfterMs
    this.userTitle = details.userTitle
    this.userMessage = details.userMessage
  }

  /** rate_limited and transient errors may succeed later; the rest will not without a change */
  get isRetryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient'
  }
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 368, 613])

export function isRateLimitCode(code: number | undefined): boolean {
  return code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80001 && code <= 80099))
}

/** GRAPH_API.md §5: 190/102 auth; 10, 200–299 permission; 4, 17, 32, 341, 368, 613, 80001+ rate limited;
 *  1, 2 (unless is_transient is false), is_transient and HTTP 5xx transient; 100 and anything else invalid. */
export function classifyGraphError(input: {
  status?: number
  code?: number
  isTransient?: boolean
}): GraphErrorKind {
  const { code, status } = input
  if (code === 190 || code === 102) return 'auth'
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return 'permission'
  if (isRateLimitCode(code)) return 'rate_limited'
  // code 1 with is_transient false is a validation error in disguise (e.g. subcode 1965014 with a user message)
  const unknownButTransient = (code === 1 || code === 2) && input.isTransient !== false
  if (unknownButTransient || input.isTransient === true || (status !== undefined && status >= 500)) {
    return 'transient'
  }
  if (code === undefined) return 'unknown'
  return 'invalid'
}
