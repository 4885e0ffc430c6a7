// JSON API of page insights: stored daily values per metric, and the metrics Graph refused.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { enqueue } from '../../queues.js'
import { errorResponses, ObjectIdParam } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'

const readers = { access: ['admin', 'marketer'] as const }
const Day = z.iso.date({ message: 'expected a date such as 2026-12-01' })

export const InsightsQuery = z.object({ pageId: ObjectIdParam, from: Day.optional(), to: Day.optional() })
export const InsightsResponse = z.object({
  pageId: z.string(),
  from: z.string(),
  to: z.string(),
  metrics: z.array(
    z.object({ metric: z.string(), values: z.array(z.object({ day: z.string(), value: z.number() })) }),
  ),
  refused: z
    .array(z.object({ metric: z.string(), message: z.string(), refusedAt: z.string() }))
    .describe('Metrics Graph answered (#100) for; they are skipped for 30 days'),
})

const apiRoutes: FastifyPluginAsyncZod = async (app) => {
  enforcePageScope(app)
  const api = (summary: string) => ({ tags: ['insights'], summary, security: [{ bearerAuth: [] }] })

  app.get(
    '/api/v1/insights',
    {
      config: readers,
      schema: {
        ...api('Daily page insights (UTC days)'),
        querystring: InsightsQuery,
        response: { 200: InsightsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const to = request.query.to ?? (DateTime.utc().toISODate() as string)
      const from = request.query.from ?? (DateTime.fromISO(to).minus({ days: 27 }).toISODate() as string)
      const rows = await app.insights.series({ pageIds: [request.query.pageId], from, to })
      const byMetric = new Map<string, Array<{ day: string; value: number }>>()
      for (const r of rows.filter((r) => r.day !== 'lifetime')) {
        const list = byMetric.get(r.metric) ?? []
        list.push({ day: r.day, value: r.value })
        byMetric.set(r.metric, list)
      }
      return {
        pageId: request.query.pageId,
        from,
        to,
        metrics: [...byMetric].map(([metric, values]) => ({ metric, values })),
        refused: (await app.insights.refused()).map((r) => ({ ...r, refusedAt: r.refusedAt.toISOString() })),
      }
    },
  )

  app.post(
    '/api/v1/insights/collections',
    {
      config: readers,
      schema: {
        ...api('Collect the page’s insights now (the worker also does it every day)'),
        body: z.object({ pageId: ObjectIdParam }),
        response: { 202: z.object({ queued: z.boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await enqueue(app.queues, 'collect-insights', { pageId: request.body.pageId })
      await app.audit.record(request.actor, {
        action: 'insights.collect',
        target: { type: 'page', id: request.body.pageId },
        pageId: request.body.pageId,
      })
      return reply.code(202).send({ queued: true })
    },
  )
}

export default apiRoutes
