// Builds Graph list answers ({data, paging}) from an id list and a serializer.
import type { GraphContext } from './graph-router.js'
import { type PageRequest, pageThrough } from './paging.js'
import { parseLimit } from './params.js'

export function pagedAnswer(
  ctx: GraphContext,
  request: Omit<PageRequest, 'limit' | 'after' | 'before'>,
  toJson: (id: string) => Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const page = pageThrough({
    ...request,
    limit: parseLimit(ctx.params),
    after: ctx.params.after || undefined,
    before: ctx.params.before || undefined,
  })
  const paging: Record<string, unknown> = {}
  if (page.cursors) paging.cursors = page.cursors
  if (page.cursors && page.hasNext) paging.next = ctx.pagingUrl({ after: page.cursors.after })
  if (page.cursors && page.hasPrevious) paging.previous = ctx.pagingUrl({ before: page.cursors.before })
  return {
    data: page.ids.map(toJson),
    ...(Object.keys(paging).length > 0 ? { paging } : {}),
    ...extra,
  }
}
