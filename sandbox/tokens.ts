// Access tokens: minting user, page and app tokens, resolving a presented token, appsecret_proof.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { type GraphApiError, invalidToken, unparsableToken } from './errors.js'
import type { TokenRecord } from './model.js'
import type { SandboxState } from './state.js'

export const SHORT_LIVED_SECONDS = 2 * 3600
export const LONG_LIVED_SECONDS = 5183944
export const CODE_TTL_SECONDS = 10 * 60

export interface AppCredentials {
  appId: string
  appSecret: string
}

function randomToken(prefix: string): string {
  return prefix + randomBytes(90).toString('base64url').replace(/[-_]/g, 'Z')
}

export function randomCode(): string {
  return `AQ${randomBytes(60).toString('base64url')}`
}

export function appsecretProof(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex')
}

export function proofMatches(token: string, appSecret: string, proof: string): boolean {
  const expected = Buffer.from(appsecretProof(token, appSecret))
  const given = Buffer.from(proof)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export function mintUserToken(
  state: SandboxState,
  app: AppCredentials,
  userId: string,
  scopes: string[],
  longLived: boolean,
): TokenRecord {
  const issuedAt = state.nowSec()
  return state.addToken({
    token: randomToken('EAAS'),
    type: 'USER',
    appId: app.appId,
    userId,
    scopes,
    issuedAt,
    expiresAt: issuedAt + (longLived ? LONG_LIVED_SECONDS : SHORT_LIVED_SECONDS),
    longLived,
  })
}

/**
 * The page token that goes with a user token. As on Graph: it expires with a short-lived user token
 * and never expires when derived from a long-lived one. One token per (user token, page).
 */
export function pageTokenFor(state: SandboxState, userToken: TokenRecord, pageId: string): TokenRecord {
  const cacheKey = `${userToken.token}|${pageId}`
  const cached = pageTokenCache.get(state)?.get(cacheKey)
  const existing = cached ? state.tokens.get(cached) : undefined
  if (existing && !tokenProblem(state, existing)) return existing
  const record = state.addToken({
    token: randomToken('EAAP'),
    type: 'PAGE',
    appId: userToken.appId,
    userId: userToken.userId,
    pageId,
    scopes: userToken.scopes,
    issuedAt: state.nowSec(),
    expiresAt: userToken.longLived ? 0 : userToken.expiresAt,
    longLived: userToken.longLived,
  })
  let cache = pageTokenCache.get(state)
  if (!cache) {
    cache = new Map()
    pageTokenCache.set(state, cache)
  }
  cache.set(cacheKey, record.token)
  return record
}

const pageTokenCache = new WeakMap<SandboxState, Map<string, string>>()

/** The app token client_credentials hands out: `{app-id}|{hash}` (Graph also accepts `{app-id}|{app-secret}`). */
export function appTokenString(app: AppCredentials): string {
  const hash = createHmac('sha256', app.appSecret)
    .update('sandbox-app-token')
    .digest('base64url')
    .slice(0, 27)
  return `${app.appId}|${hash}`
}

function appTokenRecord(app: AppCredentials, token: string): TokenRecord {
  return { token, type: 'APP', appId: app.appId, scopes: [], issuedAt: 0, expiresAt: 0, longLived: true }
}

/** Why a token is not usable right now, or undefined when it is. */
export function tokenProblem(state: SandboxState, record: TokenRecord): GraphApiError | undefined {
  if (record.invalid) return invalidToken(record.invalid.subcode, record.invalid.message)
  if (record.expiresAt !== 0 && record.expiresAt <= state.nowSec()) {
    const when = new Date(record.expiresAt * 1000).toUTCString()
    return invalidToken(
      463,
      `Error validating access token: Session has expired on ${when}. The current time is ${new Date(state.now()).toUTCString()}.`,
    )
  }
  if (record.userId && !state.users.has(record.userId)) return invalidToken(467)
  if (record.type === 'PAGE' && record.pageId && record.userId) {
    const tasks = state.users.get(record.userId)?.roles[record.pageId]
    if (!tasks || tasks.length === 0) return invalidToken(492)
  }
  return undefined
}

/** Looks a presented token up; throws the Graph error a bad token gets. */
export function resolveToken(state: SandboxState, app: AppCredentials, token: string): TokenRecord {
  if (token === appTokenString(app) || token === `${app.appId}|${app.appSecret}`)
    return appTokenRecord(app, token)
  const record = state.tokens.get(token)
  if (!record) throw unparsableToken()
  const problem = tokenProblem(state, record)
  if (problem) throw problem
  return record
}

/** Marks tokens invalid (subcode 463 also moves their expiry to now). Returns how many. */
export function invalidateTokens(
  state: SandboxState,
  tokens: Iterable<string>,
  subcode: number,
  message?: string,
): number {
  let count = 0
  for (const token of tokens) {
    const record = state.tokens.get(token)
    if (!record) continue
    if (subcode === 463) record.expiresAt = Math.min(record.expiresAt || state.nowSec(), state.nowSec())
    else record.invalid = { subcode, message: message ?? defaultMessage(subcode) }
    count += 1
  }
  state.markDirty()
  return count
}

function defaultMessage(subcode: number): string {
  return invalidToken(subcode).body.message
}
