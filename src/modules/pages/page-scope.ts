// Page membership, enforced: which connected pages a request may touch, and the one hook per route
// plugin that refuses another page's items (404, so their existence does not leak).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { NotFound } from '../../errors.js'
import type { Member } from '../team/service.js'
import type { Page } from './repository.js'

/** The pages a signed-in member works on: every connected page for an admin, the assigned ones otherwise. */
export type PageScope = {
  all: boolean
  pages: Page[]
  /** Fanfare page ids. */
  ids: string[]
  facebookPageIds: string[]
  allows(pageId: string): boolean
  allowsFacebook(facebookPageId: string): boolean
}

export function pageScopeOf(user: Pick<Member, 'role' | 'pageIds'>, connected: Page[]): PageScope {
  const all = user.role === 'admin'
  const assigned = new Set(user.pageIds ?? [])
  const pages = all ? connected : connected.filter((p) => assigned.has(p.id))
  const ids = new Set(pages.map((p) => p.id))
  const facebookPageIds = new Set(pages.map((p) => p.facebookPageId))
  return {
    all,
    pages,
    ids: [...ids],
    facebookPageIds: [...facebookPageIds],
    allows: (pageId) => ids.has(String(pageId)),
    allowsFacebook: (facebookPageId) => facebookPageIds.has(String(facebookPageId)),
  }
}

/** Where an item (a post, campaign, comment…) lives; null when there is no such item. */
export type ItemPage = { pageId?: string; facebookPageId?: string } | null

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's `:id` is a page id (not an item of the module). */
    pageIdParam?: boolean
  }
  interface FastifyRequest {
    /** The pages this request may touch; set on every route with roles of a scoped plugin. */
    pageScope: PageScope
  }
}

const PAGE_FIELDS = ['pageId', 'page', 'facebookPageId'] as const

function namedPages(source: unknown): string[] {
  if (!source || typeof source !== 'object') return []
  const values = PAGE_FIELDS.map((f) => (source as Record<string, unknown>)[f])
  return values.flatMap((v) => (typeof v === 'string' && v ? [v] : []))
}

const allowsEither = (scope: PageScope, id: string) => scope.allows(id) || scope.allowsFacebook(id)

/**
 * The one place a module's routes check page membership: a preHandler on the route plugin that
 * sets `request.pageScope` and refuses, with 404, a page named in the params, query or body, and an
 * item (`:id`) that lives on a page the member does not work on. Lists filter with `request.pageScope`.
 */
export function enforcePageScope(
  app: FastifyInstance,
  items?: { pageOf: (id: string) => Promise<ItemPage>; notFound: string },
): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access
    if (!access || access === 'public' || !request.user) return
    const scope = await app.pages.scopeFor(request.user)
    request.pageScope = scope
    if (scope.all) return
    const params = (request.params ?? {}) as Record<string, unknown>
    const named = [...namedPages(params), ...namedPages(request.query), ...namedPages(request.body)]
    if (named.some((id) => !allowsEither(scope, id))) throw new NotFound('pageNotFound')
    const id = typeof params.id === 'string' ? params.id : null
    if (!id) return
    if (request.routeOptions.config.pageIdParam) {
      if (!scope.allows(id)) throw new NotFound('pageNotFound')
      return
    }
    const where = items ? await items.pageOf(id) : null
    if (!where) return
    const allowed = where.pageId
      ? scope.allows(where.pageId)
      : scope.allowsFacebook(where.facebookPageId ?? '')
    if (!allowed) throw new NotFound(items?.notFound ?? 'notFound')
  })
}
