// The JSON API of campaign management and results (/api/v1/campaigns…), documented in OpenAPI.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { labelOf } from '../../form-errors.js'
import { translate } from '../../i18n/index.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { BUILDER_LABELS } from './builder.js'
import type { Campaign as StoredCampaign } from './campaign-repository.js'
import type { DutchCodeWarning } from './dutch-code.js'
import { presentApiEntry, presentApiResults, presentCampaign, presentWarnings } from './present.js'
import { CAMPAIGN_ROLES } from './routes.js'
import {
  Campaign,
  CampaignBody,
  CampaignCheck,
  CampaignCheckBody,
  DisqualifyBody,
  EntryParams,
  Warning,
} from './schemas.js'

const api = (summary: string) => ({ tags: ['campaigns'], summary, security: [{ bearerAuth: [] }] })

const Entry = z.object({
  id: z.string(),
  ref: z.string(),
  entrantKind: z.enum(['app', 'page']),
  name: z.string(),
  status: z.enum(['active', 'disqualified']),
  enteredAt: z.string(),
  score: z.number(),
  timeTakenMs: z.number(),
  signals: z.array(z.object({ code: z.string(), count: z.number().optional() })),
  disqualificationReason: z.string().nullable(),
})

const Results = z.object({
  state: z.string(),
  entryCount: z.number(),
  winners: z.array(z.string()),
  seedCommitment: z.string(),
  revealedSeed: z.string().nullable(),
  poll: z.array(z.object({ label: z.string(), votes: z.number() })),
  scoreDistribution: z.array(z.object({ score: z.number(), entries: z.number() })),
})

const Saved = z.object({ campaign: Campaign, warnings: z.array(Warning) })

const campaignApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pages } = app
  const { queries, compose, lifecycle, results, moderation, polls, reports } = app.campaigns
  enforcePageScope(app, { pageOf: queries.pageOf, notFound: 'campaigns.notFound' })
  const present = async (c: StoredCampaign, entryCount?: number) =>
    presentCampaign(c, (await pages.find(c.pageId)).timeZone, app.config.publicUrl, entryCount)
  const saved = async (c: StoredCampaign, warnings: DutchCodeWarning[]) => ({
    campaign: await present(c),
    warnings: presentWarnings(warnings, 'en'),
  })

  app.get(
    '/api/v1/campaigns',
    {
      config: CAMPAIGN_ROLES,
      schema: {
        ...api('List campaigns'),
        response: { 200: z.object({ campaigns: z.array(Campaign) }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = request.pageScope
      return {
        campaigns: await Promise.all(
          (await queries.list(scope.all ? null : scope.ids)).map((c) => present(c)),
        ),
      }
    },
  )

  app.post(
    '/api/v1/campaigns',
    {
      config: CAMPAIGN_ROLES,
      schema: {
        ...api('Create a campaign (a draft); refused when it breaks Meta’s promotion rules'),
        body: CampaignBody,
        response: { 201: Saved, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { campaign, warnings } = await compose.create(request.actor, request.body)
      reply.code(201)
      return saved(campaign, warnings)
    },
  )

  // The builder calls this while the marketer types (session and CSRF header, or a token).
  app.post(
    '/api/v1/campaigns/check',
    {
      config: { ...CAMPAIGN_ROLES, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        ...api(
          'Check texts against Meta’s promotion rules, the linked product’s stock (scarcity claims) and the Dutch code, without saving',
        ),
        body: CampaignCheckBody,
        response: { 200: CampaignCheck, ...errorResponses },
      },
    },
    async (request) => {
      const locale = request.locale
      const { findings, warnings } = await compose.check(request.body)
      return {
        findings: findings.map(({ code, params, ...f }) => ({
          ...f,
          label: labelOf(BUILDER_LABELS, f.field, locale) ?? f.field,
          message: code
            ? translate(locale, `errors.${code}`, params ?? {})
            : translate(locale, `errors.campaigns.metaRule.${f.rule}`, { phrase: f.phrase }),
        })),
        warnings: presentWarnings(warnings, locale),
      }
    },
  )

  app.get(
    '/api/v1/campaigns/:id',
    {
      config: CAMPAIGN_ROLES,
      schema: { ...api('One campaign'), params: IdParams, response: { 200: Campaign, ...errorResponses } },
    },
    async (request) => {
      const campaign = await queries.find(request.params.id)
      return present(campaign, await results.count(campaign))
    },
  )

  app.put(
    '/api/v1/campaigns/:id',
    {
      config: CAMPAIGN_ROLES,
      schema: {
        ...api('Replace a campaign’s settings (until it opens)'),
        params: IdParams,
        body: CampaignBody,
        response: { 200: Saved, ...errorResponses },
      },
    },
    async (request) => {
      const { campaign, warnings } = await compose.update(request.actor, request.params.id, request.body)
      return saved(campaign, warnings)
    },
  )

  const step = (path: string, summary: string, run: typeof lifecycle.publish) =>
    app.post(
      `/api/v1/campaigns/:id/${path}`,
      {
        config: CAMPAIGN_ROLES,
        schema: { ...api(summary), params: IdParams, response: { 200: Campaign, ...errorResponses } },
      },
      async (request) => present(await run(request.actor, request.params.id)),
    )
  step('publish', 'Publish a draft', lifecycle.publish)
  step('close', 'Close an open campaign now', lifecycle.closeNow)
  step('draw', 'Draw the winners of a closed contest or quiz and reveal the seed', lifecycle.draw)

  app.delete(
    '/api/v1/campaigns/:id',
    {
      config: CAMPAIGN_ROLES,
      schema: { ...api('Delete a draft'), params: IdParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await compose.remove(request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/campaigns/:id/entries',
    {
      config: CAMPAIGN_ROLES,
      schema: {
        ...api('The latest entries with suspicious-entry signals'),
        params: IdParams,
        response: { 200: z.object({ entries: z.array(Entry) }), ...errorResponses },
      },
    },
    async (request) => {
      const campaign = await queries.find(request.params.id)
      return { entries: (await reports.withSignals(campaign, 1000)).map(presentApiEntry) }
    },
  )

  app.post(
    '/api/v1/campaigns/:id/entries/:entryId/disqualify',
    {
      config: CAMPAIGN_ROLES,
      schema: {
        ...api('Disqualify an entry (a drawn winner is replaced the same verifiable way)'),
        params: EntryParams,
        body: DisqualifyBody,
        response: {
          200: z.object({ replacedWinner: z.boolean(), winners: z.array(z.string()) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      moderation.disqualify(
        request.actor,
        request.params.id,
        request.params.entryId,
        request.body.reason,
        request.body.block,
      ),
  )

  app.get(
    '/api/v1/campaigns/:id/results',
    {
      config: CAMPAIGN_ROLES,
      schema: {
        ...api('Results: entries, winners, poll counts, quiz score distribution'),
        params: IdParams,
        response: { 200: Results, ...errorResponses },
      },
    },
    async (request) => {
      const campaign = await queries.find(request.params.id)
      const [entryCount, scoreDistribution, votes] = await Promise.all([
        results.count(campaign),
        campaign.kind === 'quiz' ? results.scoreDistribution(campaign) : [],
        campaign.kind === 'poll' ? polls.counts(campaign) : [],
      ])
      return presentApiResults(campaign, { entryCount, scoreDistribution, votes })
    },
  )
}

export default campaignApiRoutes
