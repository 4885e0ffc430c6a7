// JSON API of orders per post, campaign, kind of post, week, kit and ambassador.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { enqueue } from '../../queues.js'
import { errorResponses } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'

const marketers = { access: ['admin', 'marketer'] as const }
const BY = {
  post: 'postId',
  campaign: 'campaignId',
  kind: 'postLabel',
  week: 'week',
  kit: 'kitId',
  person: 'personId',
  link: 'code',
} as const
const Day = z.iso.date({ message: 'expected a date such as 2026-12-01' })

export const OrdersQuery = z.object({
  by: z
    .enum(Object.keys(BY) as [keyof typeof BY], { message: `expected one of ${Object.keys(BY).join(', ')}` })
    .default('post'),
  from: Day.optional(),
  to: Day.optional(),
})
export const OrdersReport = z.object({
  by: z.string(),
  rows: z.array(
    z.object({
      key: z
        .string()
        .nullable()
        .describe('post id, campaign id, post label, ISO week, kit id, person id or link code'),
      orders: z.number(),
      revenueCents: z.number(),
    }),
  ),
})

const attributionRoutes: FastifyPluginAsyncZod = async (app) => {
  enforcePageScope(app)
  const api = (summary: string) => ({ tags: ['attribution'], summary, security: [{ bearerAuth: [] }] })

  app.get(
    '/api/v1/attribution/orders',
    {
      config: marketers,
      schema: {
        ...api(
          'Orders and revenue through Fanfare’s tracked links, per post, campaign, kind of post, week, kit or ambassador',
        ),
        querystring: OrdersQuery,
        response: { 200: OrdersReport, ...errorResponses },
      },
    },
    async (request) => {
      const { by, from, to } = request.query
      const scope = request.pageScope
      const rows = await app.attribution.totals(
        {
          tracked: true,
          from: from ? new Date(`${from}T00:00:00Z`) : undefined,
          to: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : undefined,
          // Posts, campaigns and kits (so their ambassadors' links too) each belong to a page.
          pageIds: scope.all ? undefined : scope.ids,
        },
        BY[by],
      )
      return { by, rows }
    },
  )

  app.post(
    '/api/v1/attribution/syncs',
    {
      config: marketers,
      schema: {
        ...api(
          'Read the shops’ orders of the last two days into the attribution now (the worker does it hourly)',
        ),
        response: { 202: z.object({ queued: z.boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await enqueue(app.queues, 'attribute-orders', {})
      await app.audit.record(request.actor, {
        action: 'attribution.sync',
        target: { type: 'shop', id: 'all' },
      })
      return reply.code(202).send({ queued: true })
    },
  )
}

export default attributionRoutes
