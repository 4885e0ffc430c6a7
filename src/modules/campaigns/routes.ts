// Marketers build campaigns: list, form, publish, close, draw, entries with signals, disqualify.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FormSpec } from '../../form-errors.js'
import { type Locale, translate } from '../../i18n/index.js'
import { irreversible } from '../../irreversible.js'
import { enqueue } from '../../queues.js'
import { IdParams, ObjectIdParam } from '../../schemas/common.js'
import type { Actor } from '../audit/service.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { authorOf } from '../posts/author.js'
import { productRefOf } from '../shop/stock.js'
import { type BuilderContextOf, builderForm, builderModel, type MoreRows } from './builder.js'
import type { Campaign } from './campaign-repository.js'
import { DUTCH_CODE_CHECKED_AT, DUTCH_CODE_LIMITS } from './dutch-code.js'
import {
  defaultFormValues,
  formValues,
  inLocale,
  localText,
  presentCampaignPage,
  presentListRow,
} from './present.js'
import { productPicker } from './product-picker.js'
import { CampaignBody, CampaignPageSettingsBody, DisqualifyBody, EntryParams } from './schemas.js'

export const CAMPAIGN_ROLES = { access: ['admin', 'marketer'] as const }

const NewQuery = z.object({
  kind: z.enum(['contest', 'quiz', 'poll']).default('contest'),
  pageId: ObjectIdParam.optional(),
})
const PageParams = z.object({ pageId: ObjectIdParam })
const MoreRowsField = z.union([
  z.enum(['questions', 'pollOptions', 'kind', 'product']),
  z.string().regex(/^answers\.\d{1,2}$/) as z.ZodType<`answers.${number}`>,
])
const UnblockBody = z.object({ kind: z.enum(['app', 'page']), id: z.string().regex(/^\d{1,30}$/) })

const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pages } = app
  const { queries, compose, lifecycle, results, moderation, polls, reports } = app.campaigns
  const publicUrl = app.config.publicUrl
  const timeZoneOf = async (c: Campaign) => (await pages.find(c.pageId)).timeZone
  enforcePageScope(app, { pageOf: queries.pageOf, notFound: 'campaigns.notFound' })

  app.get('/campaigns', { config: CAMPAIGN_ROLES }, async (request, reply) => {
    const scope = request.pageScope
    const [list, pageList] = [await queries.list(scope.all ? null : scope.ids), scope.pages]
    const zoneOf = new Map(pageList.map((p) => [p.id, p.timeZone]))
    return reply.page('campaigns/index', {
      title: 'nav.campaigns',
      pages: pageList.map((p) => ({ id: p.id, name: p.name })),
      campaigns: list.map((c) => presentListRow(c, zoneOf.get(c.pageId) ?? 'UTC', request.locale)),
    })
  })

  // A refused form is shown before the page-scope hook ran (it runs after validation).
  const pagesOf = async (request: FastifyRequest) => {
    const scope = request.pageScope ?? (request.user ? await pages.scopeFor(request.user) : null)
    return (scope?.pages ?? []).map((p) => ({ id: p.id, name: p.name, timeZone: p.timeZone }))
  }
  /** The product picker for these form values; "Search" without JavaScript asks the shop here. */
  const pickerFor = (values: Record<string, unknown>, more?: MoreRows) =>
    productPicker(app.shop, values, more === 'product')
  const newContext: BuilderContextOf = async (request, values, more) => ({
    title: 'campaigns.newTitle',
    action: '/campaigns',
    pages: await pagesOf(request),
    picker: await pickerFor(values, more),
  })
  const editContext: BuilderContextOf = async (request, values, more) => ({
    title: 'campaigns.editTitle',
    action: `/campaigns/${(request.params as { id: string }).id}`,
    editing: true,
    pages: await pagesOf(request),
    picker: await pickerFor(values, more),
  })
  /**
   * "Add a question", "show this kind's fields", "search the shop" without JavaScript: the same form
   * again with more rows (or the products found) and the input kept; nothing is validated or saved.
   */
  const moreRows = (context: BuilderContextOf) => async (request: FastifyRequest, reply: FastifyReply) => {
    const input = (request.body ?? {}) as Record<string, unknown>
    const more = MoreRowsField.safeParse(input.more)
    if (!more.success) return
    const { _csrf: _token, more: _more, ...values } = input
    return reply.page(
      'campaigns/form',
      builderModel(values, await context(request, values, more.data), more.data),
    )
  }

  app.get(
    '/campaigns/new',
    { config: CAMPAIGN_ROLES, schema: { querystring: NewQuery } },
    async (request, reply) => {
      const pageList = request.pageScope.pages
      const page = pageList.find((p) => p.id === request.query.pageId) ?? pageList[0]
      const values = defaultFormValues(
        page?.timeZone ?? 'Europe/Amsterdam',
        request.query.kind,
        page ? page.id : undefined,
      )
      return reply.page('campaigns/form', builderModel(values, await newContext(request, values)))
    },
  )

  app.post(
    '/campaigns',
    {
      config: { ...CAMPAIGN_ROLES, form: builderForm(newContext) },
      schema: { body: CampaignBody },
      preValidation: moreRows(newContext),
    },
    async (request, reply) => {
      const { campaign, warnings } = await compose.create(request.actor, request.body)
      return reply.done(
        `/campaigns/${campaign.id}`,
        warnings.length ? 'campaigns.createdWithWarnings' : 'campaigns.created',
        { count: warnings.length },
        warnings.length ? 'bad' : 'good',
      )
    },
  )

  /** The linked product as last read (no shop call on the campaign page); its id when never read. */
  const productOf = async (c: Campaign) => {
    if (!c.product) return null
    const ref = productRefOf(c.product)
    const known = await app.shop.stock.lastKnown(ref).catch(() => null)
    return { title: known?.title ?? ref.variantId, stock: known?.stock ?? null }
  }

  // The campaign with its entries and results (also behind a refused disqualification).
  const showModel = async (id: string, locale: Locale) => {
    const campaign = await queries.find(id)
    const page = await pages.find(campaign.pageId)
    const [list, entryCount, votes, perDay, scores, winners] = await Promise.all([
      reports.withSignals(campaign),
      results.count(campaign),
      campaign.kind === 'poll' ? polls.counts(campaign) : [],
      results.perDay(campaign, page.timeZone),
      campaign.kind === 'quiz' ? results.scoreDistribution(campaign) : [],
      results.winnersOf(campaign),
    ])
    const product = await productOf(campaign)
    return presentCampaignPage(
      campaign,
      page,
      { publicUrl, entries: list, entryCount, votes, perDay, scores, winners, product },
      locale,
    )
  }
  app.get(
    '/campaigns/:id',
    { config: CAMPAIGN_ROLES, schema: { params: IdParams } },
    async (request, reply) =>
      reply.page('campaigns/show', await showModel(request.params.id, request.locale)),
  )

  app.get(
    '/campaigns/:id/edit',
    { config: CAMPAIGN_ROLES, schema: { params: IdParams } },
    async (request, reply) => {
      const campaign = await queries.find(request.params.id)
      const values = formValues(campaign, await timeZoneOf(campaign))
      return reply.page('campaigns/form', builderModel(values, await editContext(request, values)))
    },
  )

  app.post(
    '/campaigns/:id',
    {
      config: { ...CAMPAIGN_ROLES, form: builderForm(editContext) },
      schema: { params: IdParams, body: CampaignBody },
      preValidation: moreRows(editContext),
    },
    async (request, reply) => {
      const { warnings } = await compose.update(request.actor, request.params.id, request.body)
      return reply.done(
        `/campaigns/${request.params.id}`,
        warnings.length ? 'campaigns.savedWithWarnings' : 'campaigns.saved',
        { count: warnings.length },
        warnings.length ? 'bad' : 'good',
      )
    },
  )

  const backToCampaign = (request: { params: unknown }) =>
    `/campaigns/${(request.params as { id: string }).id}`
  /** An action on a campaign; an irreversible one (`confirm`) asks first (src/irreversible.ts). */
  const action = (
    path: string,
    run: (actor: Actor, id: string) => Promise<unknown>,
    message: string,
    confirm?: string,
  ) =>
    app.post(
      path,
      {
        ...(confirm
          ? irreversible(app, {
              path,
              name: confirm,
              config: CAMPAIGN_ROLES,
              params: IdParams,
              cancelTo: backToCampaign,
            })
          : { config: CAMPAIGN_ROLES }),
        schema: { params: IdParams },
      },
      async (request, reply) => {
        await run(request.actor, request.params.id)
        const to = message === 'campaigns.deleted' ? '/campaigns' : `/campaigns/${request.params.id}`
        return reply.done(to, message)
      },
    )
  action('/campaigns/:id/publish', (actor, id) => lifecycle.publish(actor, id), 'campaigns.published')
  action(
    '/campaigns/:id/close',
    (actor, id) => lifecycle.closeNow(actor, id),
    'campaigns.closedNow',
    'campaigns.close',
  )
  action('/campaigns/:id/draw', (actor, id) => lifecycle.draw(actor, id), 'campaigns.drawn', 'campaigns.draw')
  action(
    '/campaigns/:id/delete',
    (actor, id) => compose.remove(actor, id),
    'campaigns.deleted',
    'campaigns.delete',
  )

  // The winners' announcement becomes a draft post for the page, to check and schedule like any post.
  app.post(
    '/campaigns/:id/announce',
    { config: CAMPAIGN_ROLES, schema: { params: IdParams } },
    async (request, reply) => {
      const campaign = await queries.find(request.params.id)
      const winners = await results.winnersOf(campaign)
      const page = await pages.find(campaign.pageId)
      const locale = request.locale
      const message = translate(locale, 'campaigns.announcement', {
        title: inLocale(campaign.title, locale) || campaign.slug,
        // First names only: the post is public.
        names: winners.map((w) => w.name.split(' ')[0]).join(', '),
        url: `${publicUrl}/c/${campaign.slug}/verify`,
      })
      const saved = await app.posts.compose.create(authorOf(request), {
        pageId: page.id,
        message,
        label: 'contest',
        action: 'draft',
      })
      return reply.done(`/posts/${saved.posts[0]?.id}/edit`, 'campaigns.announcementDrafted')
    },
  )

  app.get(
    '/campaigns/:id/export.csv',
    { config: CAMPAIGN_ROLES, schema: { params: IdParams } },
    async (request, reply) => {
      const campaign = await queries.find(request.params.id)
      reply.header('content-disposition', `attachment; filename="${campaign.slug}-entries.csv"`)
      reply.type('text/csv; charset=utf-8')
      return reply.send(reports.contactExport(campaign))
    },
  )

  // On demand; the worker also collects every few minutes while a comment contest runs.
  app.post(
    '/campaigns/:id/collect',
    { config: CAMPAIGN_ROLES, schema: { params: IdParams } },
    async (request, reply) => {
      await enqueue(
        app.queues,
        'collect-comment-entries',
        { campaignId: request.params.id },
        { removeOnComplete: 50, removeOnFail: 50 },
      )
      return reply.done(`/campaigns/${request.params.id}`, 'campaigns.collecting')
    },
  )

  // One form per entry: the refused one shows its error and the reason typed, the others as stored.
  const disqualifyForm: FormSpec = {
    labels: { reason: 'campaigns.reason' },
    render: async (request) => {
      const { id, entryId } = request.params as { id: string; entryId: string }
      // Shown before the page-scope hook ran: a campaign of another page stays unseen.
      const scope = request.pageScope ?? (request.user ? await pages.scopeFor(request.user) : null)
      const page = await queries.pageOf(id)
      if (!page || !scope || !(scope.all || scope.allows(page.pageId)))
        return {
          template: 'error',
          model: {
            title: translate(request.locale, 'errors.title'),
            status: 404,
            message: translate(request.locale, 'errors.campaigns.notFound'),
          },
        }
      return {
        template: 'campaigns/show',
        model: { ...(await showModel(id, request.locale)), disqualifyRefusedFor: entryId },
      }
    },
  }
  const disqualify = irreversible(app, {
    path: '/campaigns/:id/entries/:entryId/disqualify',
    name: 'campaigns.disqualify',
    config: CAMPAIGN_ROLES,
    params: EntryParams,
    carry: ['reason', 'block'],
    cancelTo: backToCampaign,
  })
  app.post(
    '/campaigns/:id/entries/:entryId/disqualify',
    {
      ...disqualify,
      config: { ...disqualify.config, form: disqualifyForm },
      schema: { params: EntryParams, body: DisqualifyBody },
    },
    async (request, reply) => {
      const { id, entryId } = request.params
      const result = await moderation.disqualify(
        request.actor,
        id,
        entryId,
        request.body.reason,
        request.body.block,
      )
      return reply.done(
        `/campaigns/${id}`,
        result.replacedWinner ? 'campaigns.winnerReplaced' : 'campaigns.disqualified',
      )
    },
  )

  const blockedModel = async (locale: Locale) => ({
    title: 'campaigns.blockedTitle',
    blocked: (await moderation.blocked()).map((b) => ({
      kind: b.kind,
      id: b.id,
      reason: b.reason,
      at: b.createdAt ? localText(b.createdAt, 'Europe/Amsterdam', locale) : '',
    })),
  })
  app.get('/campaigns/blocked', { config: CAMPAIGN_ROLES }, async (request, reply) => {
    return reply.page('campaigns/blocked', await blockedModel(request.locale))
  })

  // The list's forms carry only hidden fields: a refused one is named at the top of the list.
  const unblockForm: FormSpec = {
    labels: {},
    render: async (request) => ({ template: 'campaigns/blocked', model: await blockedModel(request.locale) }),
  }
  app.post(
    '/campaigns/blocked/remove',
    { config: { ...CAMPAIGN_ROLES, form: unblockForm }, schema: { body: UnblockBody } },
    async (request, reply) => {
      await moderation.unblock(request.actor, request.body.kind, request.body.id)
      return reply.done('/campaigns/blocked', 'campaigns.unblocked')
    },
  )

  app.get(
    '/campaigns/settings/:pageId',
    { config: CAMPAIGN_ROLES, schema: { params: PageParams } },
    async (request, reply) => {
      const page = await pages.find(request.params.pageId)
      const settings = await queries.pageSettings(page.id)
      return reply.page('campaigns/settings', {
        title: 'campaigns.settingsTitle',
        page: { id: page.id, name: page.name },
        settings,
        limits: Object.entries(DUTCH_CODE_LIMITS).map(([name, limit]) => ({
          name,
          value: 'value' in limit ? limit.value : '—',
          article: limit.article,
        })),
        checkedAt: DUTCH_CODE_CHECKED_AT,
      })
    },
  )

  app.post(
    '/campaigns/settings/:pageId',
    { config: CAMPAIGN_ROLES, schema: { params: PageParams, body: CampaignPageSettingsBody } },
    async (request, reply) => {
      await compose.setPageSettings(request.actor, request.params.pageId, request.body.dutchShop)
      return reply.done(`/campaigns/settings/${request.params.pageId}`, 'campaigns.settingsSaved')
    },
  )
}

export default campaignRoutes
