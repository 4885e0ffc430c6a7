// The Graph side of the sandbox: strips the version, reads the token, checks appsecret_proof,
// counts usage, applies injected failures, then dispatches on (object type, edge, method).
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  appsecretProofRequired,
  GraphApiError,
  invalidParameter,
  invalidToken,
  permissionError,
  rateLimitError,
  transientError,
  unknownPath,
  unsupportedRequest,
  wrongAppsecretProof,
} from './errors.js'
import type { FailureRule } from './failures.js'
import type { SandboxComment, SandboxPage, SandboxPost, SandboxUser, TokenRecord } from './model.js'
import { collectParams, type Params } from './params.js'
import type { SandboxRuntime } from './runtime.js'
import type { SerializeContext } from './serialize.js'
import { proofMatches, resolveToken } from './tokens.js'
import { UsageMeter } from './usage.js'

export type Method = 'GET' | 'POST' | 'DELETE'

export type Target =
  | { kind: 'root' }
  | { kind: 'user'; id: string; user: SandboxUser }
  | { kind: 'page'; id: string; page: SandboxPage }
  | { kind: 'post'; id: string; post: SandboxPost }
  | { kind: 'comment'; id: string; comment: SandboxComment }
  | { kind: 'app'; id: string }

export type TargetKind = Target['kind']

export interface GraphContext {
  runtime: SandboxRuntime
  method: Method
  /** path without version prefix and query, e.g. "/100000000000001/feed" */
  path: string
  version: string
  params: Params
  token?: TokenRecord
  request: FastifyRequest
  reply: FastifyReply
  serialize: SerializeContext
  /** URL of this same request with other paging params, for paging.next / previous */
  pagingUrl(cursor: Record<string, string | undefined>): string
}

export type GraphHandler<K extends TargetKind = TargetKind> = (
  ctx: GraphContext,
  target: Extract<Target, { kind: K }>,
) => unknown

const VERSION = /^v\d+\.\d+$/

export class GraphRouter {
  private handlers = new Map<string, GraphHandler>()

  on<K extends TargetKind>(method: Method, kind: K, edge: string, handler: GraphHandler<K>): this {
    this.handlers.set(`${method} ${kind} ${edge}`, handler as unknown as GraphHandler)
    return this
  }

  find(method: Method, kind: TargetKind, edge: string): GraphHandler | undefined {
    return this.handlers.get(`${method} ${kind} ${edge}`)
  }

  has(kind: TargetKind, edge: string): boolean {
    return (['GET', 'POST', 'DELETE'] as const).some((method) =>
      this.handlers.has(`${method} ${kind} ${edge}`),
    )
  }
}

export function splitVersion(url: string, defaultVersion: string): { version: string; path: string } {
  const queryAt = url.indexOf('?')
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt)
  const segments = rawPath.split('/').filter(Boolean).map(decodeURIComponent)
  const first = segments[0]
  if (first && VERSION.test(first)) return { version: first, path: `/${segments.slice(1).join('/')}` }
  return { version: defaultVersion, path: `/${segments.join('/')}` }
}

function presentedToken(request: FastifyRequest, params: Params): string | undefined {
  if (params.access_token) return params.access_token
  const header = request.headers.authorization
  // Basic is client authentication on /oauth/access_token, not an access token
  const match = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null
  return match?.[1]?.trim()
}

function resolveTarget(
  runtime: SandboxRuntime,
  id: string,
  token: TokenRecord | undefined,
): Target | undefined {
  const { state } = runtime
  if (id === 'me') {
    if (!token) return undefined
    if (token.type === 'PAGE' && token.pageId) {
      const page = state.pages.get(token.pageId)
      return page ? { kind: 'page', id: page.id, page } : undefined
    }
    if (token.type === 'USER' && token.userId) {
      const user = state.users.get(token.userId)
      return user ? { kind: 'user', id: user.id, user } : undefined
    }
    throw new GraphApiError(400, {
      message: 'An active access token must be used to query information about the current user.',
      type: 'OAuthException',
      code: 2500,
    })
  }
  const page = state.pages.get(id)
  if (page) return { kind: 'page', id, page }
  const post = state.findPost(id)
  if (post && !post.deleted) return { kind: 'post', id, post }
  const comment = state.comments.get(id)
  if (comment && !comment.deleted) return { kind: 'comment', id, comment }
  const user = state.users.get(id)
  if (user) return { kind: 'user', id, user }
  if (id === runtime.app.appId) return { kind: 'app', id }
  return undefined
}

export async function handleGraphRequest(
  runtime: SandboxRuntime,
  router: GraphRouter,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const method = request.method as Method
  const { version, path } = splitVersion(request.url, runtime.defaultVersion)
  const params = collectParams(request.query, request.body)
  reply.header('content-type', 'application/json; charset=UTF-8')

  const tokenString = presentedToken(request, params)
  const token = tokenString ? resolveToken(runtime.state, runtime.app, tokenString) : undefined
  if (tokenString) {
    const proof = params.appsecret_proof
    if (proof !== undefined && !proofMatches(tokenString, runtime.app.appSecret, proof))
      throw wrongAppsecretProof()
    if (proof === undefined && runtime.requireAppsecretProof) throw appsecretProofRequired()
  }

  const segments = path.split('/').filter(Boolean)
  const first = segments[0] ?? ''
  const addressedPageId =
    token?.type === 'PAGE' ? token.pageId : runtime.state.pages.has(first) ? first : undefined
  countUsage(runtime, reply, token, addressedPageId)

  const failure = runtime.failures.take(method, path)
  if (failure) await applyFailure(reply, failure, token, addressedPageId)

  const ctx: GraphContext = {
    runtime,
    method,
    path,
    version,
    params,
    token,
    request,
    reply,
    serialize: { state: runtime.state, app: runtime.app, token },
    pagingUrl: (cursor) => pagingUrl(runtime, request, version, path, cursor),
  }
  const result = await dispatch(runtime, router, ctx, segments)

  if (failure?.kind === 'commit_then_transient') throw transientError()
  if (failure?.kind === 'commit_then_close') {
    reply.hijack()
    request.raw.socket.destroy()
    return undefined
  }
  return result
}

async function dispatch(runtime: SandboxRuntime, router: GraphRouter, ctx: GraphContext, segments: string[]) {
  const rootEdge = segments.join('/')
  const rootHandler = router.find(ctx.method, 'root', rootEdge)
  if (rootHandler) return rootHandler(ctx, { kind: 'root' })
  if (router.has('root', rootEdge)) throw unsupportedRequest(ctx.method, rootEdge)

  const [id, edge = '', ...rest] = segments
  if (!id) throw unknownPath('/')
  if (rest.length > 0) throw unknownPath(`/${rest.join('/')}`)
  const target = resolveTarget(runtime, id, ctx.token)
  if (!target) throw unsupportedRequest(ctx.method, id)
  const handler = router.find(ctx.method, target.kind, edge)
  if (handler) return handler(ctx, target)
  if (edge && !router.has(target.kind, edge)) {
    throw invalidParameter(
      `Tried accessing nonexisting field (${edge}) on node type (${nodeTypeName(target.kind)})`,
    )
  }
  throw unsupportedRequest(ctx.method, edge ? `${id}/${edge}` : id)
}

function nodeTypeName(kind: TargetKind): string {
  return {
    root: 'Root',
    user: 'User',
    page: 'Page',
    post: 'PagePost',
    comment: 'Comment',
    app: 'Application',
  }[kind]
}

function countUsage(
  runtime: SandboxRuntime,
  reply: FastifyReply,
  token: TokenRecord | undefined,
  addressedPageId: string | undefined,
): void {
  const { usage } = runtime
  if (token?.type === 'PAGE' && token.pageId) {
    const pageUsage = usage.countPage(token.pageId)
    reply.header('x-business-use-case-usage', UsageMeter.pageHeader(token.pageId, pageUsage))
    if (pageUsage.call_count >= 100) throw rateLimitError(80001)
    return
  }
  const appUsage = usage.countApp()
  reply.header('x-app-usage', UsageMeter.appHeader(appUsage))
  if (appUsage.call_count >= 100) throw rateLimitError(token?.type === 'USER' ? 17 : 4)
  if (addressedPageId && usage.pageOverrides.has(addressedPageId)) {
    // Page calls with a user token still hit the page's limit (#32)
    const pageUsage = usage.pageUsage(addressedPageId)
    reply.header('x-business-use-case-usage', UsageMeter.pageHeader(addressedPageId, pageUsage))
    if (pageUsage.call_count >= 100) throw rateLimitError(32)
  }
}

async function applyFailure(
  reply: FastifyReply,
  rule: FailureRule,
  token: TokenRecord | undefined,
  addressedPageId: string | undefined,
): Promise<void> {
  const full = { call_count: 100, total_time: 64, total_cputime: 51 }
  switch (rule.kind) {
    case 'transient':
      throw transientError()
    case 'rate_limit_app':
    case 'rate_limit_user':
      reply.header('x-app-usage', JSON.stringify(full))
      throw rateLimitError(rule.kind === 'rate_limit_app' ? 4 : 17)
    case 'rate_limit_page': {
      const pageId = addressedPageId ?? token?.pageId ?? 'unknown'
      reply.header(
        'x-business-use-case-usage',
        UsageMeter.pageHeader(pageId, {
          type: 'pages',
          ...full,
          estimated_time_to_regain_access: rule.estimatedMinutes,
        }),
      )
      throw rateLimitError(token?.type === 'PAGE' ? 80001 : 32)
    }
    case 'auth':
      throw invalidToken(rule.subcode ?? 463)
    case 'permission':
      throw permissionError('Requires pages_manage_posts permission to manage the object')
    case 'invalid':
      throw invalidParameter('Invalid parameter (injected by the sandbox)')
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs))
      return
    default:
      return
  }
}

function pagingUrl(
  runtime: SandboxRuntime,
  request: FastifyRequest,
  version: string,
  path: string,
  cursor: Record<string, string | undefined>,
): string {
  const base = runtime.publicUrl ?? `${request.protocol}://${request.headers.host ?? request.hostname}`
  const queryAt = request.url.indexOf('?')
  const query = new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1))
  for (const key of ['after', 'before', '__paging_token', '__previous', '__sandbox_filled']) query.delete(key)
  if (cursor.until !== undefined || cursor.__paging_token !== undefined) query.delete('until')
  for (const [key, value] of Object.entries(cursor)) if (value !== undefined) query.set(key, value)
  return `${base.replace(/\/$/, '')}/${version}${path}?${query.toString()}`
}
