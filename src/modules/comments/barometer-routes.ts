// The barometer: sentiment balance per day and week, complaint categories, list words, response
// times — as SVG charts, a table, CSV, and JSON.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { errorResponses } from '../../schemas/common.js'
import { enforcePageScope, type PageScope } from '../pages/page-scope.js'
import { barometerCsv, barometerView } from './barometer-present.js'
import { BarometerQuery } from './schemas.js'

const readers = { access: ['admin', 'marketer', 'moderator'] as const }

const Counts = { total: z.number(), positive: z.number(), neutral: z.number(), negative: z.number() }
const Timing = { medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() }
export const BarometerResponse = z.object({
  from: z.string(),
  to: z.string(),
  pages: z.array(z.string()),
  days: z.array(
    z.object({
      day: z.string(),
      ...Counts,
      complaints: z.number(),
      categories: z.record(z.string(), z.number()),
    }),
  ),
  weeks: z.array(z.object({ week: z.string(), ...Counts })),
  categories: z.array(z.object({ category: z.string(), count: z.number() })),
  words: z.array(
    z.object({
      week: z.string(),
      term: z.string(),
      count: z.number(),
      tone: z.enum(['positive', 'negative', 'neutral']),
    }),
  ),
  drivers: z.object({
    positive: z.array(z.object({ term: z.string(), count: z.number() })),
    negative: z.array(z.object({ term: z.string(), count: z.number() })),
  }),
  response: z.object({
    answered: z.number(),
    ...Timing,
    byModerator: z.array(z.object({ name: z.string(), answered: z.number(), ...Timing })),
  }),
  agreement: z.array(
    z.object({
      facebookPageId: z.string(),
      month: z.string(),
      reviewed: z.number(),
      agreed: z.number(),
      agreement: z.number(),
      complaint: z.object({
        truePositives: z.number(),
        falsePositives: z.number(),
        falseNegatives: z.number(),
      }),
      complaintPrecision: z.number().nullable(),
      complaintRecall: z.number().nullable(),
    }),
  ),
})

const barometerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { comments } = app

  /** The period (default: the last 14 days in the page's time zone) and the pages it covers. */
  enforcePageScope(app)

  async function report(query: BarometerQuery, scope: PageScope) {
    const list = scope.pages
    const chosen = query.page ? list.filter((p) => p.facebookPageId === query.page) : list
    const zone = chosen[0]?.timeZone ?? 'Europe/Amsterdam'
    const today = DateTime.now().setZone(zone)
    const to = query.to ?? (today.toISODate() as string)
    const from = query.from ?? (DateTime.fromISO(to, { zone }).minus({ days: 13 }).toISODate() as string)
    const data = await comments.barometer.report({
      facebookPageIds: chosen.map((p) => p.facebookPageId),
      from,
      to,
      zone,
    })
    // Moderators' agreement with the verdicts, per page and whole month, for the months of the period.
    const agreement = await comments.verdicts.agreement(
      chosen.map((p) => p.facebookPageId),
      DateTime.fromISO(from, { zone }).startOf('month').toJSDate(),
      DateTime.fromISO(to, { zone }).endOf('month').toJSDate(),
      zone,
    )
    return { from, to, pages: chosen.map((p) => p.facebookPageId), list, ...data, agreement }
  }

  app.get(
    '/barometer',
    { config: readers, schema: { querystring: BarometerQuery } },
    async (request, reply) => {
      const r = await report(request.query, request.pageScope)
      return reply.page('comments/barometer', {
        title: 'nav.barometer',
        ...barometerView(r, request.query.page, request.locale),
      })
    },
  )

  app.get(
    '/barometer.csv',
    { config: readers, schema: { querystring: BarometerQuery } },
    async (request, reply) => {
      const r = await report(request.query, request.pageScope)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="barometer-${r.from}-${r.to}.csv"`)
        .send(barometerCsv(r))
    },
  )

  app.get(
    '/api/v1/barometer',
    {
      config: readers,
      schema: {
        tags: ['barometer'],
        summary:
          'Sentiment per day and week, complaint categories, list words, response times and moderators’ agreement with the verdicts',
        security: [{ bearerAuth: [] }],
        querystring: BarometerQuery,
        response: { 200: BarometerResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { list: _list, ...r } = await report(request.query, request.pageScope)
      return r
    },
  )
}

export default barometerRoutes
