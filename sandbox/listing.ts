// Builds Graph list answers ({data, paging}) from an id list and a serializer. Graph pages two ways,
// and the sandbox does both: cursors (paging.cursors + next/previous with after/before) and, for
// the edges set through POST /__sandbox/paging, time-based paging (next/previous URLs with
// until/since and __paging_token, no cursors). It can also answer an empty page that still has
// next, as Graph sometimes does ("Using the Graph API › Paginated results").
import type { GraphContext } from './graph-router.js'
import { type PageRequest, pageThrough } from './paging.js'
import { parseLimit } from './params.js'

export function pagedAnswer(
  ctx: GraphContext,
  request: Omit<PageRequest, 'limit' | 'after' | 'before'>,
  toJson: (id: string) => Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const edge = ctx.path.split('/').filter(Boolean).at(-1) ?? ''
  const timeBased = ctx.runtime.listing.timeBased.includes(edge)
  // time-based paging carries the position in __paging_token (backwards with __previous=1)
  const token = ctx.params.__paging_token || undefined
  const backwards = ctx.params.__previous === '1'
  const after = ctx.params.after || (token && !backwards ? token : undefined)
  const before = ctx.params.before || (token && backwards ? token : undefined)
  const page = pageThrough({ ...request, limit: parseLimit(ctx.params), after, before })

  const paging: Record<string, unknown> = {}
  if (timeBased) {
    if (page.cursors && page.hasNext)
      paging.next = ctx.pagingUrl({
        __paging_token: page.cursors.after,
        until: untilOf(ctx, page.ids.at(-1), toJson),
      })
    if (page.cursors && page.hasPrevious)
      paging.previous = ctx.pagingUrl({
        __paging_token: page.cursors.before,
        since: untilOf(ctx, page.ids[0], toJson),
        __previous: '1',
      })
  } else {
    if (page.cursors) paging.cursors = page.cursors
    if (page.cursors && page.hasNext) paging.next = ctx.pagingUrl({ after: page.cursors.after })
    if (page.cursors && page.hasPrevious) paging.previous = ctx.pagingUrl({ before: page.cursors.before })
  }

  if (paging.next && ctx.runtime.listing.emptyPages > 0 && ctx.params.__sandbox_filled !== '1') {
    // an empty page first, whose next asks for this very page again
    ctx.runtime.listing.emptyPages -= 1
    const same: Record<string, string | undefined> = { after, before, __sandbox_filled: '1' }
    if (timeBased)
      Object.assign(same, {
        after: undefined,
        before: undefined,
        __paging_token: token,
        __previous: ctx.params.__previous,
        until: ctx.params.until,
      })
    return {
      data: [],
      paging: {
        ...(timeBased ? {} : { cursors: { ...(after ? { after } : {}) } }),
        next: ctx.pagingUrl(same),
      },
      ...extra,
    }
  }
  return {
    data: page.ids.map(toJson),
    ...(Object.keys(paging).length > 0 ? { paging } : {}),
    ...extra,
  }
}

/** The unix time of a listed item, for the until/since of a time-based paging URL. */
function untilOf(
  _ctx: GraphContext,
  id: string | undefined,
  toJson: (id: string) => Record<string, unknown>,
): string | undefined {
  if (!id) return undefined
  const time = toJson(id).created_time
  if (typeof time !== 'string') return undefined
  const ms = Date.parse(time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  return Number.isNaN(ms) ? undefined : String(Math.floor(ms / 1000))
}
