// The fan side: campaign pages without a login wall, fan login, entering once, withdrawing, and the
// public verification of the draw. Rendered in the light public layout, without team navigation.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DomainError } from '../../errors.js'
import type { Campaign } from './campaign-repository.js'
import { presentPublicCampaign, presentQuestion } from './present.js'
import { SlugParams } from './schemas.js'
import { shortCache } from './short-cache.js'

const open = { access: 'public' as const }

const EntryForm = z.object({
  confirmAge: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  country: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
  ),
  email: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.email('expected an e-mail address').max(200).optional(),
  ),
})

const VoteForm = EntryForm.extend({ choice: z.coerce.number().int().min(0).max(9) })

const AnswerParams = SlugParams.extend({ question: z.coerce.number().int().min(0).max(49) })
const AnswerForm = z.object({ choice: z.coerce.number().int().min(0).max(5) })

/**
 * How stale the public campaign page may be: a campaign closed early (or published, drawn) shows
 * so within this time on every web process. Closing at the closing time is exact: the state is
 * computed from the clock at each request (except for the anonymous view, shared as long as this).
 */
export const PUBLIC_CACHE_MS = 1000

/** Per address: generous enough for a household behind one router, tight enough to slow scripts. */
export const ENTRY_LIMIT_PER_IP = { max: 30, timeWindow: '1 minute' }
/** Per fan: a person needs a handful of submits at most. */
export const ENTRY_LIMIT_PER_FAN = { max: 5, timeWindow: '1 minute' }

declare module 'fastify' {
  interface FastifyRequest {
    /** The campaign a fan route is about, once loaded: refusals are shown on its page. */
    fanCampaign: Campaign | null
  }
}

const deviceOf = (request: FastifyRequest) =>
  [request.headers['user-agent'] ?? '', request.headers['accept-language'] ?? ''].join('|')

const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pages } = app
  const { queries, entering, quiz, polls, reports } = app.campaigns

  // The route's own limit counts per address; this one counts per fan, on top of it.
  const fanLimit = app.createRateLimit({
    ...ENTRY_LIMIT_PER_FAN,
    keyGenerator: (request) => `fan:${request.session.get('fan')?.id ?? request.ip}`,
  })
  const refuseWhenExceeded = (verdict: Awaited<ReturnType<typeof fanLimit>>) => {
    if (!verdict.isAllowed && verdict.isExceeded) {
      throw Object.assign(new Error('Too many entry attempts'), { statusCode: 429 })
    }
  }
  const limitPerFan = async (request: FastifyRequest) => refuseWhenExceeded(await fanLimit(request))
  // The entry route counts both (per address and per fan) in one go, next to its reads.
  const ipLimit = app.createRateLimit(ENTRY_LIMIT_PER_IP)
  const limitEntry = async (request: FastifyRequest) => {
    const verdicts = await Promise.all([ipLimit(request), fanLimit(request)])
    for (const verdict of verdicts) refuseWhenExceeded(verdict)
  }

  // The page fans land on from Facebook is read far more often than it changes: the campaign, its
  // Facebook page and the whole view for visitors who are not logged in are shared for at most
  // PUBLIC_CACHE_MS (see short-cache.ts). What a fan does (enter, vote, withdraw) always reads fresh.
  const campaignCache = shortCache<Campaign>(PUBLIC_CACHE_MS)
  const pageCache = shortCache<Awaited<ReturnType<typeof pages.find>>>(PUBLIC_CACHE_MS)
  const anonymousViews = shortCache<ReturnType<typeof presentPublicCampaign>>(PUBLIC_CACHE_MS)
  app.campaigns.onChange(() => {
    campaignCache.clear()
    anonymousViews.clear()
  })
  const pageOf = (campaign: Campaign) => pageCache.get(campaign.pageId, () => pages.find(campaign.pageId))

  async function view(request: FastifyRequest, campaign: Campaign, extra: Record<string, unknown> = {}) {
    const locale = request.locale
    const fan = request.session.get('fan') ?? null
    const [page, mine, review, poll] = await Promise.all([
      pageOf(campaign),
      fan ? entering.myEntry(campaign, fan.id) : null,
      quiz.review(campaign, fan?.id ?? null),
      campaign.kind === 'poll' ? polls.results(campaign.slug, fan?.id ?? null, locale) : null,
    ])
    return { ...presentPublicCampaign(campaign, { page, fan, mine, review, poll }, locale), ...extra }
  }

  /** A refusal shown on the campaign page itself, in the fan's language, never a bare error page. */
  async function refusal(request: FastifyRequest, reply: FastifyReply, campaign: Campaign, err: DomainError) {
    reply.code(err.statusCode)
    return reply.page(
      'public/campaign',
      await view(request, campaign, { problem: { key: `errors.${err.code}`, params: err.params } }),
    )
  }

  app.decorateRequest('fanCampaign', null)
  /** Loads the route's campaign (never a draft) and remembers it for the refusal page. */
  const campaignOf = async (request: FastifyRequest & { params: { slug: string } }): Promise<Campaign> => {
    const campaign = await queries.findBySlug(request.params.slug)
    request.fanCampaign = campaign
    return campaign
  }
  // A domain refusal (closed, already entered, not eligible…) of a loaded campaign is shown on the
  // campaign page itself; anything else goes on to the app's error handler.
  app.setErrorHandler(async (err, request, reply) => {
    if (!(err instanceof DomainError) || !request.fanCampaign) throw err
    return refusal(request, reply, request.fanCampaign, err)
  })

  app.get('/c/:slug', { config: open, schema: { params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params
    reply.header('vary', 'Accept-Language, Cookie')
    if (!request.session.get('fan')) {
      // Everyone who is not logged in sees the same page: built once per language and shared.
      const model = await anonymousViews.get(`${slug}\u0000${request.locale}`, async () =>
        view(request, await queries.findBySlug(slug)),
      )
      return reply.page('public/campaign', model)
    }
    const campaign = await campaignCache.get(slug, () => queries.findBySlug(slug))
    request.fanCampaign = campaign
    return reply.page('public/campaign', await view(request, campaign))
  })

  app.post(
    '/c/:slug/enter',
    // Rate limited per address and per fan (limitEntry), like the other entry routes.
    { config: open, schema: { params: SlugParams, body: EntryForm } },
    async (request, reply) => {
      // The rate limits (Redis), the campaign and the block list (the store) are asked at once: on
      // a busy machine each wait in turn costs more than the work. Only the insert comes after, and
      // only when all three let the fan through, checked in the order they always were.
      const fan = request.session.get('fan')
      const [limits, read, blocked] = await Promise.allSettled([
        limitEntry(request),
        campaignOf(request),
        fan ? entering.isBlocked(fan.id) : false,
      ])
      if (limits.status === 'rejected') throw limits.reason
      if (read.status === 'rejected') throw read.reason
      const campaign = read.value
      if (!fan) return reply.redirect(`/c/${campaign.slug}/login`, 303)
      if (blocked.status === 'rejected') throw blocked.reason
      await entering.enter(
        campaign,
        fan,
        request.body,
        { ip: request.ip, device: deviceOf(request) },
        {},
        { blocked: blocked.value },
      )
      if (campaign.kind === 'quiz') return reply.redirect(`/c/${campaign.slug}/quiz`, 303)
      return reply.done(`/c/${campaign.slug}`, 'campaigns.entered')
    },
  )

  app.post(
    '/c/:slug/withdraw',
    { config: { ...open, rateLimit: ENTRY_LIMIT_PER_IP }, schema: { params: SlugParams } },
    async (request, reply) => {
      const campaign = await campaignOf(request)
      const fan = request.session.get('fan')
      if (!fan) return reply.redirect(`/c/${campaign.slug}/login`, 303)
      if (campaign.kind === 'poll') await polls.unvote(campaign, fan.id)
      else await entering.withdraw(campaign, fan.id)
      return reply.done(`/c/${campaign.slug}`, 'campaigns.withdrawn')
    },
  )

  app.post(
    '/c/:slug/vote',
    {
      config: { ...open, rateLimit: ENTRY_LIMIT_PER_IP },
      preHandler: limitPerFan,
      schema: { params: SlugParams, body: VoteForm },
    },
    async (request, reply) => {
      const campaign = await campaignOf(request)
      const fan = request.session.get('fan')
      if (!fan) return reply.redirect(`/c/${campaign.slug}/login`, 303)
      const { choice, ...input } = request.body
      await polls.vote(campaign, fan, choice, input, { ip: request.ip, device: deviceOf(request) })
      return reply.done(`/c/${campaign.slug}`, 'campaigns.voted')
    },
  )

  // Short polling target of the live results; cheap: one document read.
  app.get(
    '/c/:slug/results.json',
    { config: { ...open, rateLimit: { max: 120, timeWindow: '1 minute' } }, schema: { params: SlugParams } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return polls.results(request.params.slug, request.session.get('fan')?.id ?? null, request.locale)
    },
  )

  app.get('/c/:slug/quiz', { config: open, schema: { params: SlugParams } }, async (request, reply) => {
    const campaign = await campaignOf(request)
    const fan = request.session.get('fan')
    if (!fan) return reply.redirect(`/c/${campaign.slug}/login`, 303)
    const question = await quiz.nextQuestion(campaign, fan.id)
    if (!question) return reply.done(`/c/${campaign.slug}`, 'campaigns.quizFinished')
    return reply.page('public/quiz', {
      ...(await view(request, campaign)),
      question: presentQuestion(question, request.locale),
    })
  })

  app.post(
    '/c/:slug/quiz/:question',
    {
      config: { ...open, rateLimit: ENTRY_LIMIT_PER_IP },
      schema: { params: AnswerParams, body: AnswerForm },
    },
    async (request, reply) => {
      const campaign = await campaignOf(request)
      const fan = request.session.get('fan')
      if (!fan) return reply.redirect(`/c/${campaign.slug}/login`, 303)
      const { finished } = await quiz.answer(campaign, fan.id, request.params.question, request.body.choice)
      if (finished) return reply.done(`/c/${campaign.slug}`, 'campaigns.quizFinished')
      return reply.redirect(`/c/${campaign.slug}/quiz`, 303)
    },
  )

  app.get('/c/:slug/verify', { config: open, schema: { params: SlugParams } }, async (request, reply) => {
    const campaign = await campaignOf(request)
    const [verification, model] = await Promise.all([reports.verification(campaign), view(request, campaign)])
    // The fan's own entry number only, so the check in the browser can say it is in the list.
    const mine = model.myEntry?.ref ?? ''
    return reply.page('public/verify', { ...model, verification: { ...verification, mine } })
  })

  app.get(
    '/c/:slug/entries.csv',
    { config: open, schema: { params: SlugParams } },
    async (request, reply) => {
      const campaign = await campaignOf(request)
      if (campaign.phase !== 'drawn') return reply.code(404).type('text/plain').send('not drawn yet\n')
      reply.header('content-disposition', `attachment; filename="${campaign.slug}-entries.csv"`)
      reply.type('text/csv; charset=utf-8')
      return reply.send(reports.entryList(campaign))
    },
  )
}

export default publicRoutes
