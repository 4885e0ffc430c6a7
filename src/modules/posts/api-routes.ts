// JSON API of scheduled posts: the same service, rules and messages as the forms.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type Locale, translate } from '../../i18n/index.js'
import type { Access } from '../../plugins/auth.js'
import { QUEUE_NAMES } from '../../queues.js'
import { ErrorResponse, errorResponses, IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { authorOf } from './author.js'
import type { SaveResult as SavedPosts } from './compose.js'
import { presentPost, presentWarnings } from './present.js'
import type { Post as StoredPost } from './repository.js'
import {
  ApproveBody,
  CalendarQuery,
  ComposeBody,
  DayLoadQuery,
  EditBody,
  ImportBody,
  ImportReport,
  ListQuery,
  Post,
  RejectBody,
  SaveResult,
} from './schemas.js'

const planners: { access: Access } = { access: ['admin', 'marketer'] }
const admins: { access: Access } = { access: ['admin'] }
const api = (summary: string, description?: string) => ({
  tags: ['posts'],
  summary,
  description,
  security: [{ bearerAuth: [] }],
})
const refusals = { ...errorResponses, 409: ErrorResponse, 422: ErrorResponse }

const RULES_DESCRIPTION =
  'Refused with 422 `posts.rulesBroken` when the time breaks a posting rule of the page (daily cap, ' +
  'weekly promotional cap or share, minimum gap, quiet hours); `details` names each rule and the ' +
  'conflicting posts, `params.violations` lists their ids. An admin may pass `overrideReason` to ' +
  'schedule anyway (audited). A time in the past or beyond the horizon is a 400 naming `scheduledAt`.'

const postApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pages } = app
  const { compose, lifecycle, queries, stockHolds, import: postImport } = app.posts

  enforcePageScope(app, { pageOf: queries.pageOf, notFound: 'posts.notFound' })

  async function zoneOf(pageId: string) {
    return (await pages.find(pageId)).timeZone
  }

  /** Saved posts in their page's time zone, with the rule warnings in the caller's language. */
  async function presentSaved(saved: SavedPosts, locale: Locale) {
    const zone = await zoneOf(saved.posts[0]?.pageId ?? '')
    return {
      posts: saved.posts.map((p) => presentPost(p, zone)),
      warnings: presentWarnings(saved.warnings, (k, p) => translate(locale, k, p)),
    }
  }

  app.get(
    '/api/v1/posts',
    {
      config: planners,
      schema: {
        ...api('List posts', 'Filter by page, status, author and a date range; newest time first.'),
        querystring: ListQuery,
        response: {
          200: z.object({ posts: z.array(Post), total: z.number(), page: z.number(), limit: z.number() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = request.pageScope
      const { posts: found, total } = await queries.list(request.query, scope.all ? null : scope.ids)
      const zones = new Map(scope.pages.map((p) => [p.id, p.timeZone]))
      return {
        posts: found.map((p) => presentPost(p, zones.get(p.pageId) ?? 'Europe/Amsterdam')),
        total,
        page: request.query.page,
        limit: request.query.limit,
      }
    },
  )

  app.post(
    '/api/v1/posts',
    {
      config: planners,
      schema: {
        ...api('Compose a post: draft, schedule (optionally repeating) or publish now', RULES_DESCRIPTION),
        body: ComposeBody,
        response: { 201: SaveResult, ...refusals },
      },
    },
    async (request, reply) => {
      const saved = await compose.create(authorOf(request), request.body)
      reply.code(201)
      return presentSaved(saved, request.locale)
    },
  )

  app.get(
    '/api/v1/posts/day-load',
    {
      config: planners,
      schema: {
        ...api('How full the day of a chosen time is', 'What the compose form shows next to the time field.'),
        querystring: DayLoadQuery,
        response: {
          200: z.object({
            day: z.string(),
            local: z.string(),
            dst: z.enum(['skipped', 'ambiguous']).nullable(),
            postsThatDay: z.number(),
            maxPostsPerDay: z.number(),
            promoPostsThatWeek: z.number(),
            maxPromoPostsPerWeek: z.number(),
            posts: z.array(z.object({ id: z.string(), time: z.string(), label: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => queries.dayLoad(request.query.pageId, request.query.at),
  )

  app.post(
    '/api/v1/posts/import',
    {
      config: planners,
      schema: {
        ...api(
          'Import posts from CSV',
          'Columns: page (Facebook id or name), time, text, link, image, label. Each row is checked like ' +
            'a form; the report says per row whether it was accepted and why not. With `allOrNothing`, ' +
            'one refused row refuses the whole file.',
        ),
        body: ImportBody,
        response: { 200: ImportReport, ...refusals },
      },
    },
    async (request) => {
      const result = await postImport.run(authorOf(request), request.body, request.pageScope.pages)
      return {
        ...result,
        rows: result.rows.map((r) => ({
          ...r,
          reasons: r.reasons.map((reason) => ({
            path: reason.path,
            message: translate(request.locale, `errors.${reason.code}`, reason.params),
          })),
        })),
      }
    },
  )

  app.get(
    '/api/v1/posts/:id',
    {
      config: planners,
      schema: {
        ...api('One post with its attempts'),
        params: IdParams,
        response: { 200: Post, ...errorResponses },
      },
    },
    async (request) => {
      const post = await queries.find(request.params.id)
      return presentPost(post, await zoneOf(post.pageId))
    },
  )

  app.patch(
    '/api/v1/posts/:id',
    {
      config: planners,
      schema: {
        ...api(
          'Edit or reschedule a post',
          `${RULES_DESCRIPTION} Send the \`version\` you read; 409 if it changed.`,
        ),
        params: IdParams,
        body: EditBody,
        response: { 200: SaveResult, ...refusals },
      },
    },
    async (request) => {
      const saved = await compose.edit(authorOf(request), request.params.id, request.body)
      return presentSaved(saved, request.locale)
    },
  )

  app.post(
    '/api/v1/posts/:id/approve',
    {
      config: admins,
      schema: {
        ...api('Approve a post awaiting approval', RULES_DESCRIPTION),
        params: IdParams,
        body: ApproveBody,
        response: { 200: SaveResult, ...refusals },
      },
    },
    async (request) => {
      const saved = await lifecycle.approve(authorOf(request), request.params.id, request.body.overrideReason)
      return presentSaved(saved, request.locale)
    },
  )

  const transition = (
    path: string,
    summary: string,
    access: { access: Access },
    run: (request: Parameters<typeof authorOf>[0], id: string) => Promise<StoredPost>,
    status = 200,
    description?: string,
  ) =>
    app.post(
      path,
      {
        config: access,
        schema: {
          ...api(summary, description),
          params: IdParams,
          response: { 200: Post, 201: Post, ...refusals },
        },
      },
      async (request, reply) => {
        const post = await run(request, request.params.id)
        reply.code(status)
        return presentPost(post, await zoneOf(post.pageId))
      },
    )

  transition('/api/v1/posts/:id/cancel', 'Cancel a post that has not gone out', planners, (r, id) =>
    lifecycle.cancel(authorOf(r), id),
  )
  transition(
    '/api/v1/posts/:id/retry',
    'Publish a failed or held post again',
    planners,
    (r, id) => lifecycle.retry(authorOf(r), id),
    200,
    'Not for a promo held for its product’s stock (409 `posts.heldForStockUseRelease`): release that one.',
  )
  transition(
    '/api/v1/posts/:id/release',
    'Release a promo held for its product’s stock',
    planners,
    (r, id) => stockHolds.release(authorOf(r), id),
    200,
    'Checks the text against the stock now, as the publisher does right before posting. When it holds the post ' +
      'is scheduled again: at its own time when that is still ahead, else right away (to choose another time, edit ' +
      'it); one that was awaiting approval awaits it again. Refused with 422 `posts.release.stillSoldOut` or ' +
      '`posts.release.claimStillUntrue` (`params`: claim, stock, product; `details` under `release`) while the stock ' +
      'does not back it; 409 `posts.release.notHeld` when the post is not held for its stock.',
  )
  transition(
    '/api/v1/posts/:id/duplicate',
    'Copy a post as a new draft',
    planners,
    (r, id) => compose.duplicate(authorOf(r), id),
    201,
  )

  app.post(
    '/api/v1/posts/:id/reject',
    {
      config: admins,
      schema: {
        ...api('Reject a post awaiting approval, with a comment for its author'),
        params: IdParams,
        body: RejectBody,
        response: { 200: Post, ...refusals },
      },
    },
    async (request) => {
      const post = await lifecycle.reject(authorOf(request), request.params.id, request.body.comment)
      return presentPost(post, await zoneOf(post.pageId))
    },
  )

  app.get(
    '/api/v1/pages/:id/calendar',
    {
      config: { ...planners, pageIdParam: true },
      schema: {
        ...api('A week of the page’s posts, Monday to Sunday in the page’s time zone'),
        params: IdParams,
        querystring: CalendarQuery,
        response: {
          200: z.object({
            week: z.string(),
            start: z.string(),
            timeZone: z.string(),
            days: z.array(
              z.object({
                date: z.string(),
                dst: z.enum(['forward', 'back']).nullable(),
                posts: z.array(Post),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const week = await queries.week(request.params.id, request.query.week)
      const zone = week.page.timeZone
      return {
        week: week.week,
        start: week.start,
        timeZone: zone,
        days: week.days.map((d) => ({
          date: d.date,
          dst: d.dst,
          posts: d.posts.map((p) => presentPost(p, zone)),
        })),
      }
    },
  )

  app.get(
    '/api/v1/queues',
    {
      config: admins,
      schema: {
        ...api('Job counts per queue (waiting, active, delayed, failed, completed)'),
        tags: ['queues'],
        response: {
          200: z.object({
            queues: z.array(
              z.object({
                name: z.string(),
                waiting: z.number(),
                active: z.number(),
                delayed: z.number(),
                failed: z.number(),
                completed: z.number(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      queues: await Promise.all(
        QUEUE_NAMES.map(async (name) => {
          const counts = await app.queues[name].getJobCounts()
          return {
            name,
            waiting: counts.waiting,
            active: counts.active,
            delayed: counts.delayed,
            failed: counts.failed,
            completed: counts.completed,
          }
        }),
      ),
    }),
  )
}

export default postApiRoutes
