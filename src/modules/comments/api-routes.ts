// JSON API of the inbox: list, thread, actions, saved replies, imports and per-page settings.
import type { FastifyError } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { mapError } from '../../plugins/errors.js'
import { ErrorResponse, errorResponses, IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { presentComment, presentImport, presentSavedReply } from './present.js'
import {
  AssignBody,
  BulkBody,
  CommentIdParams,
  CommentView,
  HideBody,
  InboxFilter,
  NoteBody,
  PageParams,
  ReplyBody,
  SavedReplyBody,
  SettingsBody,
  StatusBody,
  VerdictBody,
  Word,
} from './schemas.js'

const moderators = { access: ['admin', 'moderator'] as const }
const admins = { access: ['admin'] as const }
const api = (summary: string) => ({ tags: ['comments'], summary, security: [{ bearerAuth: [] }] })

const Import = z.object({
  id: z.string(),
  facebookPageId: z.string(),
  reason: z.string(),
  state: z.string(),
  posts: z.number(),
  postsDone: z.number(),
  comments: z.number(),
  percent: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
})
const SavedReply = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  text: z.string(),
  filled: z.string(),
})
const Settings = z.object({
  facebookPageId: z.string(),
  version: z.number(),
  words: z.array(Word),
  businessHours: z.object({ start: z.string(), end: z.string() }).nullable(),
})
const withConflict = { ...errorResponses, 409: ErrorResponse, 422: ErrorResponse }

const commentApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { comments } = app
  const one = async (id: string) => presentComment(await comments.inbox.find(id))
  enforcePageScope(app, { pageOf: comments.inbox.pageOf, notFound: 'comments.notFound' })

  app.get(
    '/api/v1/comments',
    {
      config: moderators,
      schema: {
        ...api('Inbox: open comments, complaints first, then negative, then oldest'),
        querystring: InboxFilter,
        response: { 200: z.object({ comments: z.array(CommentView) }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = request.pageScope
      const list = await comments.inbox.list(request.query, scope.all ? null : scope.facebookPageIds)
      return { comments: list.map(presentComment) }
    },
  )

  app.get(
    '/api/v1/comments/unread',
    {
      config: moderators,
      schema: {
        ...api('How many open comments arrived since the caller last opened the inbox (the menu badge)'),
        response: { 200: z.object({ unread: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = request.pageScope
      const since = request.user?.inboxSeenAt ?? null
      return { unread: await comments.inbox.unread(scope.all ? null : scope.facebookPageIds, since) }
    },
  )

  app.post(
    '/api/v1/comments/bulk',
    {
      config: moderators,
      schema: {
        ...api('Assign, mark done or hide several comments; hiding goes through Graph per comment'),
        body: BulkBody,
        response: {
          200: z.object({
            results: z.array(
              z.object({
                id: z.string(),
                ok: z.boolean(),
                error: z.object({ code: z.string(), message: z.string() }).nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const outcomes = await comments.bulk(request.actor, request.body, request.pageScope.allowsFacebook)
      return {
        results: outcomes.map((o) => {
          if (o.ok) return { id: o.id, ok: true, error: null }
          const { code, message } = mapError(o.error as FastifyError, request)
          return { id: o.id, ok: false, error: { code, message } }
        }),
      }
    },
  )

  app.get(
    '/api/v1/comments/:id',
    {
      config: moderators,
      schema: {
        ...api('A comment with its thread and post'),
        params: CommentIdParams,
        response: {
          200: z.object({
            comment: CommentView,
            root: CommentView,
            replies: z.array(CommentView),
            post: z
              .object({ id: z.string(), message: z.string().nullable(), permalinkUrl: z.string().nullable() })
              .nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const t = await comments.inbox.thread(request.params.id)
      return {
        comment: presentComment(t.comment),
        root: presentComment(t.root),
        replies: t.replies.map(presentComment),
        post: t.post,
      }
    },
  )

  const action = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (
      actor: Parameters<typeof comments.moderation.note>[0],
      id: string,
      body: z.infer<B>,
    ) => Promise<unknown>,
  ) =>
    app.post(
      `/api/v1/comments/:id/${path}`,
      {
        config: moderators,
        schema: {
          ...api(summary),
          params: CommentIdParams,
          body,
          response: { 200: CommentView, ...withConflict },
        },
      },
      async (request) => {
        await run(request.actor, request.params.id, request.body as z.infer<B>)
        return one(request.params.id)
      },
    )

  action('reply', 'Reply as the page (saved reply placeholders are filled)', ReplyBody, (a, id, b) =>
    comments.moderation.reply(a, id, b),
  )
  action('hide', 'Hide or unhide on Facebook', HideBody, (a, id, b) =>
    comments.moderation.setHidden(a, id, b.hidden),
  )
  action('delete', 'Delete on Facebook', z.object({}), (a, id) => comments.moderation.remove(a, id))
  action('assign', 'Assign to a team member (none: unassign)', AssignBody, (a, id, b) =>
    comments.moderation.assign(a, id, b.assigneeId),
  )
  action('notes', 'Add an internal note', NoteBody, (a, id, b) => comments.moderation.note(a, id, b.text))
  action('status', 'Mark done or open again', StatusBody, (a, id, b) =>
    comments.moderation.setStatus(a, id, b.status),
  )
  action(
    'verdict',
    "Correct (or confirm) the verdict: complaint and/or sentiment; the page's classifier learns from it",
    VerdictBody,
    (a, id, b) => comments.verdicts.correct(a, id, b),
  )

  app.get(
    '/api/v1/comments/saved-replies',
    {
      config: moderators,
      schema: {
        ...api('Saved replies'),
        response: { 200: z.object({ savedReplies: z.array(SavedReply) }), ...errorResponses },
      },
    },
    async () => ({ savedReplies: (await comments.savedReplies.list()).map((r) => presentSavedReply(r)) }),
  )

  app.post(
    '/api/v1/comments/saved-replies',
    {
      config: moderators,
      schema: {
        ...api('Add a saved reply'),
        body: SavedReplyBody,
        response: { 201: SavedReply, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.code(201)
      return presentSavedReply(await comments.savedReplies.create(request.actor, request.body))
    },
  )

  app.delete(
    '/api/v1/comments/saved-replies/:id',
    {
      config: moderators,
      schema: {
        ...api('Delete a saved reply'),
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await comments.savedReplies.remove(request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/comments/imports',
    {
      config: moderators,
      schema: {
        ...api('Latest comment import per page, with progress'),
        response: { 200: z.object({ imports: z.array(Import) }), ...errorResponses },
      },
    },
    async (request) => ({
      imports: (await comments.imports.latest())
        .filter((run) => request.pageScope.allowsFacebook(run.facebookPageId))
        .map(presentImport),
    }),
  )

  app.post(
    '/api/v1/comments/imports',
    {
      config: moderators,
      schema: {
        ...api('Import recent comments of a page through Graph (backfill)'),
        body: z.object({
          pageId: PageParams.shape.pageId,
          days: z.number().int().min(1).max(90).default(30),
        }),
        response: { 202: Import, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.code(202)
      return presentImport(
        await comments.imports.startImport(request.body.pageId, 'manual', request.body.days),
      )
    },
  )

  const presentSettings = (s: Awaited<ReturnType<typeof comments.settings.settings>>) => ({
    facebookPageId: s.page.facebookPageId,
    version: s.version,
    words: s.words.map((w) => ({ term: w.term, weight: w.weight })),
    businessHours: s.businessHours,
  })

  app.get(
    '/api/v1/comments/settings/:pageId',
    {
      config: admins,
      schema: {
        ...api('A page’s barometer word list and business hours'),
        params: PageParams,
        response: { 200: Settings, ...errorResponses },
      },
    },
    async (request) => presentSettings(await comments.settings.settings(request.params.pageId)),
  )

  app.put(
    '/api/v1/comments/settings/:pageId',
    {
      config: admins,
      schema: {
        ...api('Replace the word list (and business hours); reapply re-classifies past comments'),
        params: PageParams,
        body: SettingsBody,
        response: { 200: Settings, ...errorResponses },
      },
    },
    async (request) =>
      presentSettings(await comments.settings.update(request.actor, request.params.pageId, request.body)),
  )
}

export default commentApiRoutes
