// Graph's OAuth endpoints: /oauth/access_token (code, fb_exchange_token, client_credentials)
// and /debug_token.
import { createHash, timingSafeEqual } from 'node:crypto'
import { GraphApiError, invalidParameter, permissionError } from '../errors.js'
import type { GraphContext, GraphRouter } from '../graph-router.js'
import type { TokenRecord } from '../model.js'
import { requireToken } from '../permissions.js'
import {
  appTokenString,
  LONG_LIVED_SECONDS,
  mintUserToken,
  resolveToken,
  SHORT_LIVED_SECONDS,
  tokenProblem,
} from '../tokens.js'

function oauthError(message: string, code = 100, subcode?: number): GraphApiError {
  return new GraphApiError(400, {
    message,
    type: 'OAuthException',
    code,
    ...(subcode ? { error_subcode: subcode } : {}),
  })
}

/** client_secret_basic (RFC 6749 §2.3.1), as OAuth libraries send it by default */
function basicCredentials(ctx: GraphContext): { id?: string; secret?: string } {
  const header = ctx.request.headers.authorization
  if (!header?.toLowerCase().startsWith('basic ')) return {}
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString()
  const colon = decoded.indexOf(':')
  if (colon === -1) return {}
  const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '))
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) }
}

function checkClient(ctx: GraphContext, secretRequired: boolean): void {
  const { app } = ctx.runtime
  const basic = basicCredentials(ctx)
  const clientId = ctx.params.client_id ?? basic.id
  const clientSecret = ctx.params.client_secret ?? basic.secret
  if (!clientId) throw oauthError('Missing client_id parameter.', 101)
  if (clientId !== app.appId) throw oauthError('Error validating application. Invalid application ID.', 101)
  if (clientSecret === undefined && !secretRequired) return
  if (clientSecret !== app.appSecret) throw oauthError('Error validating client secret.')
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function exchangeCode(ctx: GraphContext) {
  const { state, app } = ctx.runtime
  const { code, redirect_uri: redirectUri, code_verifier: verifier } = ctx.params
  const record = code ? state.codes.get(code) : undefined
  checkClient(ctx, !record?.codeChallenge)
  if (!redirectUri) throw oauthError('Missing redirect_uri parameter.')
  if (!code) throw oauthError('Missing code parameter.')
  if (!record) throw oauthError('Invalid verification code format.', 100, 36008)
  if (record.used) throw oauthError('This authorization code has been used.', 100, 36009)
  if (record.expiresAt <= state.nowSec()) throw oauthError('This authorization code has expired.', 100, 36007)
  if (record.redirectUri !== redirectUri) {
    throw oauthError(
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      100,
      36008,
    )
  }
  if (record.codeChallenge) {
    if (!verifier) throw oauthError('Missing code_verifier parameter.')
    const computed =
      record.codeChallengeMethod === 'plain'
        ? verifier
        : createHash('sha256').update(verifier).digest('base64url')
    if (!safeEqual(computed, record.codeChallenge)) throw oauthError('Invalid code verifier.', 100, 36008)
  }
  record.used = true
  const token = mintUserToken(state, app, record.userId, record.scopes, false)
  return { access_token: token.token, token_type: 'bearer', expires_in: SHORT_LIVED_SECONDS }
}

function exchangeForLongLived(ctx: GraphContext) {
  const { state, app } = ctx.runtime
  checkClient(ctx, true)
  const shortLived = ctx.params.fb_exchange_token
  if (!shortLived) throw oauthError('Missing fb_exchange_token parameter.')
  const record = resolveToken(state, app, shortLived)
  if (record.type !== 'USER' || !record.userId) throw oauthError('Only user access tokens can be exchanged.')
  const token = mintUserToken(state, app, record.userId, record.scopes, true)
  return { access_token: token.token, token_type: 'bearer', expires_in: LONG_LIVED_SECONDS }
}

function accessToken(ctx: GraphContext) {
  const grant = ctx.params.grant_type
  if (grant === 'client_credentials') {
    checkClient(ctx, true)
    return { access_token: appTokenString(ctx.runtime.app), token_type: 'bearer' }
  }
  if (grant === 'fb_exchange_token') return exchangeForLongLived(ctx)
  if (grant === undefined || grant === 'authorization_code') return exchangeCode(ctx)
  throw invalidParameter(`Unsupported grant_type: ${grant}`)
}

function describe(ctx: GraphContext, record: TokenRecord) {
  const { runtime } = ctx
  const problem = tokenProblem(runtime.state, record)
  return {
    app_id: record.appId,
    type: record.type,
    application: runtime.appName,
    data_access_expires_at: record.type === 'APP' ? 0 : record.issuedAt + 90 * 86400,
    expires_at: record.expiresAt,
    is_valid: !problem,
    ...(record.type === 'APP' ? {} : { issued_at: record.issuedAt }),
    scopes: record.scopes,
    ...(record.userId ? { user_id: record.userId } : {}),
    ...(record.pageId ? { profile_id: record.pageId } : {}),
    ...(problem
      ? { error: { code: 190, message: problem.body.message, subcode: problem.body.error_subcode } }
      : {}),
  }
}

function debugToken(ctx: GraphContext) {
  const caller = requireToken(ctx.token)
  if (caller.type === 'PAGE') throw permissionError('Page access tokens cannot inspect tokens', 10)
  const input = ctx.params.input_token
  if (!input) throw invalidParameter('The parameter input_token is required')
  const { state, app } = ctx.runtime
  if (input === appTokenString(app) || input === `${app.appId}|${app.appSecret}`) {
    return {
      data: { app_id: app.appId, type: 'APP', application: ctx.runtime.appName, is_valid: true, scopes: [] },
    }
  }
  const record = state.tokens.get(input)
  if (!record) {
    return {
      data: {
        error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' },
        is_valid: false,
        scopes: [],
      },
    }
  }
  return { data: describe(ctx, record) }
}

export function registerOauthRoutes(router: GraphRouter): void {
  router.on('GET', 'root', 'oauth/access_token', accessToken)
  router.on('POST', 'root', 'oauth/access_token', accessToken)
  router.on('GET', 'root', 'debug_token', debugToken)
}
