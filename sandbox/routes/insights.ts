// Page and post insights (`GET /{page-id}/insights`, `GET /{post-id}/insights`) in Graph's shape:
// `data[].name/period/values[].value/end_time/title/id`. Only metrics Meta still serves answer; any
// other metric in the list fails the whole call with (#100), as Graph does. Values are made up but
// stable (a hash of object, metric and day), and tests may set one through the control API.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { invalidParameter } from '../errors.js'
import type { GraphContext, GraphRouter, Target } from '../graph-router.js'
import { parseTime } from '../params.js'
import { READ_PAGE, requirePageAccess } from '../permissions.js'
import type { SandboxRuntime } from '../runtime.js'
import { graphTime } from '../serialize.js'

/**
 * Metrics served as of the 2025 deprecations (impressions → media views, page fans → follows; see
 * developers.facebook.com/docs/platforminsights/page/deprecated-metrics) with a plausible daily range.
 */
export const PAGE_METRICS: Record<string, [number, number]> = {
  page_post_engagements: [20, 400],
  page_daily_follows_unique: [0, 12],
  page_daily_unfollows_unique: [0, 4],
  page_follows: [0, 0],
  page_views_total: [30, 600],
  page_media_view: [200, 5000],
  page_total_media_view_unique: [100, 2500],
}
export const POST_METRICS: Record<string, [number, number]> = {
  post_reactions_like_total: [0, 120],
  post_clicks: [0, 300],
  post_media_view: [50, 4000],
  post_total_media_view_unique: [20, 2000],
}
const PERIODS = new Set(['day', 'week', 'days_28', 'lifetime'])
const DAY = 86_400

/** Values a test set: object id → metric → end_time (unix seconds) → value. */
const overrides = new WeakMap<SandboxRuntime, Map<string, number>>()
/** Metrics a test retired, as Meta retires them: asking for one fails the whole call. */
const retired = new WeakMap<SandboxRuntime, Set<string>>()
const overrideKey = (objectId: string, metric: string, endTime: number) => `${objectId}|${metric}|${endTime}`

function madeUp(objectId: string, metric: string, day: number, [min, max]: [number, number]): number {
  const digest = createHash('sha256').update(`${objectId}|${metric}|${day}`).digest()
  return min + (digest.readUInt32BE(0) % (max - min + 1))
}

/** Graph's day ends at midnight Pacific time: 08:00 UTC (07:00 in summer; the sandbox keeps 08:00). */
const endOfDay = (daySec: number) => Math.floor(daySec / DAY) * DAY + DAY + 8 * 3600

function answer(
  ctx: GraphContext,
  objectId: string,
  catalog: Record<string, [number, number]>,
  base?: number,
) {
  const { params, runtime } = ctx
  const metrics = String(params.metric ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)
  if (!metrics.length) throw invalidParameter('The parameter metric is required')
  const gone = retired.get(runtime)
  const refused = metrics.find((m) => !(m in catalog) || gone?.has(m))
  if (refused) throw invalidParameter('The value must be a valid insights metric')
  const period = String(params.period ?? (catalog === POST_METRICS ? 'lifetime' : 'day'))
  if (!PERIODS.has(period)) throw invalidParameter('The value must be a valid insights period')
  const now = runtime.state.nowSec()
  const until = parseTime(params, 'until') ?? now
  const since = parseTime(params, 'since') ?? until - 2 * DAY
  const days: number[] = []
  if (period === 'lifetime') days.push(now)
  else for (let t = since; t < until && days.length < 93; t += DAY) days.push(t)
  const set = overrides.get(runtime)
  return {
    data: metrics.map((name) => ({
      name,
      period,
      values: days.map((t) => {
        const end = period === 'lifetime' ? undefined : endOfDay(t)
        const own = set?.get(overrideKey(objectId, name, end ?? 0))
        const value =
          own ??
          (name === 'page_follows'
            ? Math.max(0, (base ?? 0) - Math.floor((now - t) / DAY) * 3)
            : madeUp(objectId, name, Math.floor(t / DAY), catalog[name] as [number, number]))
        return end === undefined ? { value } : { value, end_time: graphTime(end) }
      }),
      title: name,
      description: `Sandbox values for ${name}`,
      id: `${objectId}/insights/${name}/${period}`,
    })),
    paging: {},
  }
}

export function registerInsightRoutes(router: GraphRouter): void {
  router.on('GET', 'page', 'insights', (ctx, target: Extract<Target, { kind: 'page' }>) => {
    requirePageAccess(ctx.runtime.state, ctx.token, target.id, READ_PAGE)
    return answer(ctx, target.id, PAGE_METRICS, target.page.fanCount)
  })
  router.on('GET', 'post', 'insights', (ctx, target: Extract<Target, { kind: 'post' }>) => {
    requirePageAccess(ctx.runtime.state, ctx.token, target.post.pageId, READ_PAGE)
    return answer(ctx, target.id, POST_METRICS)
  })
}

const SetInsight = z.object({
  objectId: z.string().min(1),
  metric: z.string().min(1),
  /** end_time of the day (unix seconds), or 0 for a lifetime value */
  endTime: z.number().int().min(0),
  value: z.number(),
})

/** Control API: `POST /__sandbox/insights` sets one value; `POST /__sandbox/insights/retired` retires a metric. */
export function registerInsightControl(app: FastifyInstance, runtime: SandboxRuntime): void {
  app.post('/__sandbox/insights', async (request, reply) => {
    const body = SetInsight.parse(request.body)
    const set = overrides.get(runtime) ?? new Map<string, number>()
    overrides.set(runtime, set)
    set.set(overrideKey(body.objectId, body.metric, body.endTime), body.value)
    return reply.send({ ok: true })
  })
  app.post('/__sandbox/insights/retired', async (request, reply) => {
    const { metric } = z.object({ metric: z.string().min(1) }).parse(request.body)
    const set = retired.get(runtime) ?? new Set<string>()
    retired.set(runtime, set)
    set.add(metric)
    return reply.send({ ok: true })
  })
}
