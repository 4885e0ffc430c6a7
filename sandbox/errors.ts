// Graph API errors in Meta's wire shape, and builders for the ones the sandbox returns.
import { randomBytes } from 'node:crypto'

export interface GraphErrorBody {
  message: string
  type: string
  code: number
  error_subcode?: number
  is_transient?: boolean
  error_user_title?: string
  error_user_msg?: string
}

export class GraphApiError extends Error {
  readonly status: number
  readonly body: GraphErrorBody

  constructor(status: number, body: GraphErrorBody) {
    super(body.message)
    this.status = status
    this.body = body
  }
}

export function newTraceId(): string {
  return randomBytes(8).toString('base64').replace(/[+/=]/g, '').slice(0, 11)
}

export function errorPayload(error: GraphApiError, fbtraceId: string) {
  return { error: { ...error.body, fbtrace_id: fbtraceId } }
}

export function invalidParameter(
  message: string,
  userMessage?: { title: string; msg: string },
): GraphApiError {
  return new GraphApiError(400, {
    message: `(#100) ${message}`,
    type: 'OAuthException',
    code: 100,
    ...(userMessage ? { error_user_title: userMessage.title, error_user_msg: userMessage.msg } : {}),
  })
}

export function unsupportedRequest(method: string, id: string): GraphApiError {
  return new GraphApiError(400, {
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
  })
}

export function unknownPath(path: string): GraphApiError {
  return new GraphApiError(400, {
    message: `Unknown path components: ${path}`,
    type: 'OAuthException',
    code: 2500,
  })
}

export function nonexistingField(field: string, nodeType: string): GraphApiError {
  return invalidParameter(`Tried accessing nonexisting field (${field}) on node type (${nodeType})`)
}

export function tokenRequired(): GraphApiError {
  return new GraphApiError(400, {
    message: 'An access token is required to request this resource.',
    type: 'OAuthException',
    code: 104,
  })
}

export function unparsableToken(): GraphApiError {
  return new GraphApiError(400, {
    message: 'Invalid OAuth access token - Cannot parse access token',
    type: 'OAuthException',
    code: 190,
  })
}

export const TOKEN_SUBCODE_MESSAGES: Record<number, string> = {
  458: 'Error validating access token: The user has not authorized application.',
  459: 'Error validating access token: You cannot access the app till you log in to www.facebook.com and follow the instructions given.',
  460: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
  463: 'Error validating access token: Session has expired.',
  464: 'Error validating access token: Sessions for the user are not allowed because the user is not a confirmed user.',
  467: 'Error validating access token: The session is invalid because the user logged out.',
  492: 'Error validating access token: The user does not have a suitable role on the page (Invalid session).',
}

/** 190 arrives with HTTP 400 in recordings of the real Graph (not 401). */
export function invalidToken(subcode: number, message = TOKEN_SUBCODE_MESSAGES[subcode]): GraphApiError {
  return new GraphApiError(400, {
    message: message ?? 'Error validating access token.',
    type: 'OAuthException',
    code: 190,
    error_subcode: subcode,
    error_user_title: subcode === 463 ? 'Session expired' : 'Session invalid',
    error_user_msg:
      subcode === 463
        ? 'Your session has expired. Please log in again.'
        : 'Your session is no longer valid. Please log in again.',
  })
}

/** What Graph answers since v3.3 when a post is asked for link, type or object_id (restfb issue #990). */
export function deprecatedPostField(): GraphApiError {
  return new GraphApiError(400, {
    message:
      '(#12) deprecate_post_aggregated_fields_for_attachement is deprecated for versions v3.3 and higher',
    type: 'OAuthException',
    code: 12,
  })
}

export function wrongAppsecretProof(): GraphApiError {
  return new GraphApiError(400, {
    message: 'Invalid appsecret_proof provided in the API argument',
    type: 'GraphMethodException',
    code: 100,
  })
}

export function appsecretProofRequired(): GraphApiError {
  return new GraphApiError(400, {
    message: 'API calls from the server require an appsecret_proof argument',
    type: 'GraphMethodException',
    code: 100,
  })
}

export function permissionError(message: string, code = 200): GraphApiError {
  return new GraphApiError(403, { message: `(#${code}) ${message}`, type: 'OAuthException', code })
}

export function missingPermission(permission: string): GraphApiError {
  return permissionError(`Requires ${permission} permission to manage the object`)
}

export function missingTask(tasks: readonly string[]): GraphApiError {
  return permissionError(
    `The user does not have sufficient administrative permission for this action on this page (one of the tasks ${tasks.join(', ')} is required)`,
  )
}

export function rateLimitError(code: 4 | 17 | 32 | 80001): GraphApiError {
  const messages = {
    4: '(#4) Application request limit reached',
    17: '(#17) User request limit reached',
    32: '(#32) Page request limit reached',
    80001:
      '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
  }
  return new GraphApiError(400, {
    message: messages[code],
    type: 'OAuthException',
    code,
    is_transient: code === 4 || code === 17,
  })
}

export function transientError(): GraphApiError {
  return new GraphApiError(500, {
    message: 'An unexpected error has occurred. Please retry your request later.',
    type: 'OAuthException',
    code: 2,
    is_transient: true,
  })
}
