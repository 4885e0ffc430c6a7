// The moderators' inbox: open comments with filters, live updates (SSE), the thread and its actions.
import type { FastifyError } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FormSpec } from '../../form-errors.js'
import type { Locale } from '../../i18n/index.js'
import { irreversible } from '../../irreversible.js'
import { mapError } from '../../plugins/errors.js'
import { IdParams } from '../../schemas/common.js'
import { enforcePageScope, type PageScope } from '../pages/page-scope.js'
import { commenterOf, presentShopPanel } from '../shop/present.js'
import { ShopPanelQuery } from '../shop/schemas.js'
import type { Member } from '../team/service.js'
import { bulkResultView } from './bulk-present.js'
import type { LiveEvent } from './live.js'
import { inboxView, presentSavedReply, threadView } from './present.js'
import {
  AssignBody,
  BulkBody,
  CommentIdParams,
  InboxFilter,
  NoteBody,
  PageParams,
  ReplyBody,
  SavedReplyBody,
  SettingsBody,
  StatusBody,
  VerdictBody,
} from './schemas.js'

const moderators = { access: ['admin', 'moderator'] as const }
const admins = { access: ['admin'] as const }

const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { comments, team } = app

  enforcePageScope(app, { pageOf: comments.inbox.pageOf, notFound: 'comments.notFound' })
  const facebookScope = (scope: PageScope) => (scope.all ? null : scope.facebookPageIds)

  // The Inbox menu item's unread count, on every page a moderator or admin sees.
  app.addPageContext(async (request) => {
    const user = request.user
    if (!user || !(moderators.access as readonly string[]).includes(user.role)) return {}
    const scope = await app.pages.scopeFor(user)
    const unread = await comments.inbox.unread(facebookScope(scope), user.inboxSeenAt ?? null)
    return { badges: { inbox: unread } }
  })

  async function inboxModel(filter: InboxFilter, scope: PageScope, locale: Locale) {
    const pageList = scope.pages
    const [list, imports, members] = await Promise.all([
      comments.inbox.list(filter, facebookScope(scope)),
      comments.imports.latest(),
      team.list(),
    ])
    const ownImports = imports.filter((run) => scope.allowsFacebook(run.facebookPageId))
    return inboxView({ filter, list, pages: pageList, imports: ownImports, members, locale })
  }

  app.get(
    '/comments',
    { config: moderators, schema: { querystring: InboxFilter } },
    async (request, reply) => {
      // Looking at the inbox reads what arrived so far: the menu's unread count starts again from here.
      await team.markInboxSeen(request.user as Member)
      ;(request.user as Member).inboxSeenAt = new Date()
      return reply.page('comments/inbox', {
        title: 'nav.inbox',
        ...(await inboxModel(request.query, request.pageScope, request.locale)),
      })
    },
  )

  app.post('/comments/bulk', { config: moderators, schema: { body: BulkBody } }, async (request, reply) => {
    const scope = request.pageScope
    const outcomes = await comments.bulk(request.actor, request.body, scope.allowsFacebook)
    return reply.page('comments/bulk-result', {
      title: 'comments.bulk.title',
      ...bulkResultView(request.body, outcomes, (err) => mapError(err as FastifyError, request).message),
    })
  })

  // Server-sent events: every process subscribes to Redis, so it does not matter which worker classified.
  const streams = new Set<() => void>()
  app.addHook('onClose', async () => {
    for (const stop of [...streams]) stop()
  })
  app.get('/comments/stream', { config: moderators }, async (request, reply) => {
    reply.hijack()
    const raw = reply.raw
    const send = (event: LiveEvent) => raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
    const scope = request.pageScope
    const subscription = comments.live.subscribe((event) => {
      if (scope.allowsFacebook(event.facebookPageId)) send(event)
    })
    // Headers go out once Redis confirms the subscription: a client that saw "open" misses nothing.
    await subscription.ready
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    raw.write(': connected\n\n')
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 20_000)
    const stop = () => {
      clearInterval(keepAlive)
      subscription.stop()
      streams.delete(stop)
      raw.end()
    }
    streams.add(stop)
    request.raw.on('close', stop)
  })

  app.get(
    '/comments/:id',
    { config: moderators, schema: { params: CommentIdParams, querystring: ShopPanelQuery } },
    async (request, reply) => {
      const pageList = request.pageScope.pages
      const [thread, saved, members] = await Promise.all([
        comments.inbox.thread(request.params.id),
        comments.savedReplies.list(),
        team.list(),
      ])
      // The shop beside the comment (views/partials/shop-customer.hbs), fetched live.
      const shop = presentShopPanel(
        await app.shop.customers.panelFor(commenterOf(thread.comment), request.query),
      )
      return reply.page('comments/thread', {
        title: 'comments.threadTitle',
        ...threadView({ thread, saved, members, pages: pageList, locale: request.locale }),
        shop,
      })
    },
  )

  const back = (id: string) => `/comments/${id}`

  app.post(
    '/comments/:id/reply',
    { config: moderators, schema: { params: CommentIdParams, body: ReplyBody } },
    async (request, reply) => {
      await comments.moderation.reply(request.actor, request.params.id, request.body)
      return reply.done(back(request.params.id), 'comments.replied')
    },
  )

  app.post(
    '/comments/:id/hide',
    {
      config: moderators,
      schema: { params: CommentIdParams, body: z.object({ hidden: z.enum(['true', 'false']) }) },
    },
    async (request, reply) => {
      const hidden = request.body.hidden === 'true'
      await comments.moderation.setHidden(request.actor, request.params.id, hidden)
      return reply.done(back(request.params.id), hidden ? 'comments.hiddenDone' : 'comments.unhiddenDone')
    },
  )

  app.post(
    '/comments/:id/delete',
    {
      ...irreversible(app, {
        path: '/comments/:id/delete',
        name: 'comments.delete',
        config: moderators,
        params: CommentIdParams,
        cancelTo: (request) => back((request.params as { id: string }).id),
      }),
      schema: { params: CommentIdParams },
    },
    async (request, reply) => {
      await comments.moderation.remove(request.actor, request.params.id)
      return reply.done('/comments', 'comments.deleted')
    },
  )

  app.post(
    '/comments/:id/assign',
    { config: moderators, schema: { params: CommentIdParams, body: AssignBody } },
    async (request, reply) => {
      await comments.moderation.assign(request.actor, request.params.id, request.body.assigneeId)
      return reply.done(back(request.params.id), 'comments.assigned')
    },
  )

  app.post(
    '/comments/:id/note',
    { config: moderators, schema: { params: CommentIdParams, body: NoteBody } },
    async (request, reply) => {
      await comments.moderation.note(request.actor, request.params.id, request.body.text)
      return reply.done(back(request.params.id), 'comments.noted')
    },
  )

  app.post(
    '/comments/:id/status',
    { config: moderators, schema: { params: CommentIdParams, body: StatusBody } },
    async (request, reply) => {
      await comments.moderation.setStatus(request.actor, request.params.id, request.body.status)
      return reply.done(
        request.body.status === 'done' ? '/comments' : back(request.params.id),
        request.body.status === 'done' ? 'comments.markedDone' : 'comments.reopened',
      )
    },
  )

  // One click from the inbox or the thread; back to where the moderator clicked.
  app.post(
    '/comments/:id/verdict',
    {
      config: moderators,
      schema: {
        params: CommentIdParams,
        body: VerdictBody.and(z.object({ back: z.enum(['inbox', 'thread']).optional() })),
      },
    },
    async (request, reply) => {
      await comments.verdicts.correct(request.actor, request.params.id, request.body)
      return reply.done(
        request.body.back === 'inbox' ? '/comments' : back(request.params.id),
        'comments.verdictCorrected',
      )
    },
  )

  // --- saved replies (the list is also behind a refused new reply, with the input kept)
  const savedRepliesModel = async () => ({
    title: 'comments.savedReplies',
    savedReplies: (await comments.savedReplies.list()).map((r) => presentSavedReply(r)),
  })
  app.get('/comments/saved-replies', { config: moderators }, async (_request, reply) => {
    return reply.page('comments/saved-replies', await savedRepliesModel())
  })

  const savedReplyForm: FormSpec = {
    labels: { name: 'comments.name', language: 'comments.language', text: 'comments.text' },
    render: async () => ({ template: 'comments/saved-replies', model: await savedRepliesModel() }),
  }
  app.post(
    '/comments/saved-replies',
    { config: { ...moderators, form: savedReplyForm }, schema: { body: SavedReplyBody } },
    async (request, reply) => {
      await comments.savedReplies.create(request.actor, request.body)
      return reply.done('/comments/saved-replies', 'comments.savedReplyCreated')
    },
  )

  app.post(
    '/comments/saved-replies/:id/delete',
    {
      ...irreversible(app, {
        path: '/comments/saved-replies/:id/delete',
        name: 'comments.deleteSavedReply',
        config: moderators,
        params: IdParams,
        cancelTo: () => '/comments/saved-replies',
      }),
      schema: { params: IdParams },
    },
    async (request, reply) => {
      await comments.savedReplies.remove(request.actor, request.params.id)
      return reply.done('/comments/saved-replies', 'comments.savedReplyDeleted')
    },
  )

  // --- per page: word list, business hours, imports (admins)
  // The page's settings; a refused save shows the person's own input instead of the stored one.
  const settingsModel = async (pageId: string) => {
    const settings = await comments.settings.settings(pageId)
    return {
      title: 'comments.settingsTitle',
      page: { id: settings.page.facebookPageId, name: settings.page.name },
      version: settings.version,
      stored: {
        words: settings.words.map((w) => `${w.term} ${w.weight}`).join('\n'),
        businessHoursStart: settings.businessHours?.start ?? '',
        businessHoursEnd: settings.businessHours?.end ?? '',
      },
    }
  }
  app.get(
    '/comments/settings/:pageId',
    { config: admins, schema: { params: PageParams } },
    async (request, reply) => {
      const { stored, ...model } = await settingsModel(request.params.pageId)
      return reply.page('comments/settings', { ...model, values: stored })
    },
  )

  const settingsForm: FormSpec = {
    labels: {
      words: 'comments.wordList',
      businessHoursStart: 'comments.businessHoursStart',
      businessHoursEnd: 'comments.businessHoursEnd',
    },
    render: async (request) => {
      const { stored: _stored, ...model } = await settingsModel((request.params as { pageId: string }).pageId)
      return { template: 'comments/settings', model }
    },
  }
  app.post(
    '/comments/settings/:pageId',
    { config: { ...admins, form: settingsForm }, schema: { params: PageParams, body: SettingsBody } },
    async (request, reply) => {
      await comments.settings.update(request.actor, request.params.pageId, request.body)
      return reply.done(
        `/comments/settings/${request.params.pageId}`,
        request.body.reapply ? 'comments.settingsSavedReapply' : 'comments.settingsSaved',
      )
    },
  )

  // Started from the inbox: a refused start shows the inbox (unfiltered) with the problem by the page choice.
  const importForm: FormSpec = {
    labels: { pageId: 'comments.page' },
    render: async (request) => ({
      template: 'comments/inbox',
      model: {
        title: 'nav.inbox',
        // Shown before the page-scope hook ran (it runs after validation).
        ...(await inboxModel(
          InboxFilter.parse({}),
          request.pageScope ?? (await app.pages.scopeFor(request.user as Member)),
          request.locale,
        )),
      },
    }),
  }
  app.post(
    '/comments/imports',
    {
      config: { ...moderators, form: importForm },
      schema: { body: z.object({ pageId: PageParams.shape.pageId }) },
    },
    async (request, reply) => {
      await comments.imports.startImport(request.body.pageId, 'manual', 30)
      return reply.done('/comments', 'comments.importStarted')
    },
  )
}

export default commentRoutes
