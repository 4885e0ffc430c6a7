// Pages for marketers and admins: compose with preview, list, week calendar, approval, import.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { DomainError } from '../../errors.js'
import { type FormSpec, fieldPathOf, issueMessage, issuesOf } from '../../form-errors.js'
import { translate } from '../../i18n/index.js'
import { humanTime } from '../../i18n/time.js'
import { irreversible } from '../../irreversible.js'
import type { Access } from '../../plugins/auth.js'
import { formErrorsOf, mapError } from '../../plugins/errors.js'
import { IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import type { Page } from '../pages/repository.js'
import { presentProductChoice } from '../shop/present.js'
import { productRefOf } from '../shop/stock.js'
import { authorOf } from './author.js'
import { POST_LABELS, POST_STATUSES } from './model.js'
import { holdView, postView, presentWarnings } from './present.js'
import type { Post } from './repository.js'
import { localInputValue } from './schedule-time.js'
import {
  CalendarQuery,
  ComposeBody,
  EditBody,
  ImportBody,
  ListQuery,
  MAX_MESSAGE_LENGTH,
  RejectBody,
} from './schemas.js'
import { RELEASE_FIELD } from './stock-hold.js'

const planners: { access: Access } = { access: ['admin', 'marketer'] }
/** How many held promos the home lists (the oldest time first; the posts list has them all). */
const HELD_ON_HOME = 5

const excerptOf = (text: string, max = 90) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
const admins: { access: Access } = { access: ['admin'] }

/** The compose form's fields by their human labels (the one form pattern, see form-errors.ts). */
const COMPOSE_LABELS: Record<string, string> = {
  pageId: 'posts.page',
  label: 'posts.label',
  message: 'posts.message',
  link: 'posts.link',
  imageUrl: 'posts.imageUrl',
  action: 'posts.when',
  scheduledAt: 'posts.scheduledAt',
  repeatEvery: 'posts.repeatEvery',
  repeatUnit: 'posts.repeatUnit',
  repeatTimes: 'posts.repeatTimes',
  repeatUntil: 'posts.repeatUntil',
  overrideReason: 'posts.overrideReason',
  product: 'posts.product',
  offerEndsAt: 'posts.offerEndsAt',
}
const IMPORT_LABELS: Record<string, string> = { csv: 'posts.importCsv' }

type FormProblem = { statusCode: number } & ReturnType<typeof formErrorsOf>

/** A refused form is shown again with the person's input and every reason, instead of an error page. */
function problemOf(err: unknown, request: FastifyRequest, labels = COMPOSE_LABELS): FormProblem {
  if (!(err instanceof DomainError)) throw err
  const mapped = mapError(err as unknown as FastifyError, request)
  return { statusCode: mapped.statusCode, ...formErrorsOf(mapped, labels, request.locale) }
}

function invalidForm(error: z.ZodError, request: FastifyRequest, labels = COMPOSE_LABELS): FormProblem {
  const details = issuesOf(error).map((issue) => ({
    path: fieldPathOf(issue.instancePath) || 'body',
    message: issueMessage(issue, request.locale),
  }))
  const mapped = {
    statusCode: 400,
    code: 'validation',
    message: translate(request.locale, 'errors.validation'),
  }
  return { statusCode: 400, ...formErrorsOf({ ...mapped, details }, labels, request.locale) }
}

const postRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pages } = app
  const { compose, lifecycle, queries, stockHolds, import: postImport } = app.posts
  const t = (request: FastifyRequest) => (key: string, params: Record<string, unknown>) =>
    translate(request.locale, key, params)

  enforcePageScope(app, { pageOf: queries.pageOf, notFound: 'posts.notFound' })

  // Promos held for their product's stock, on the home of marketers and admins (their pages only):
  // each with why, the stock last seen and when it was to go out; nothing held, no section.
  app.home.sections.add({
    roles: ['admin', 'marketer'],
    async section(request) {
      if (!request.user) return null
      const scope = await app.pages.scopeFor(request.user)
      const held = await stockHolds.list(scope.all ? null : scope.ids, HELD_ON_HOME)
      if (held.length === 0) return null
      const byId = new Map(scope.pages.map((p) => [p.id, p]))
      return {
        partial: 'home-held',
        model: {
          held: held.map(({ post, facts }) => {
            const page = byId.get(post.pageId)
            return {
              id: post.id,
              excerpt: excerptOf(post.message),
              pageName: page?.name ?? '',
              ...holdView(facts, { locale: request.locale, zone: page?.timeZone ?? 'Europe/Amsterdam' }),
            }
          }),
        },
      }
    },
  })
  const scopeIds = (request: FastifyRequest) => (request.pageScope.all ? null : request.pageScope.ids)

  function pageMap(request: FastifyRequest): Map<string, Page> {
    return new Map(request.pageScope.pages.map((p) => [p.id, p]))
  }

  function composeModel(request: FastifyRequest, pageList: Page[], extra: Record<string, unknown>) {
    return {
      title: 'posts.composeTitle',
      pages: pageList.map((p) => ({
        id: p.id,
        name: p.name,
        timeZone: p.timeZone,
        cap: p.maxPostsPerDay,
      })),
      labels: POST_LABELS,
      maxLength: MAX_MESSAGE_LENGTH,
      isAdmin: request.user?.role === 'admin',
      ...extra,
    }
  }

  /** The shops' variants to link the promo to; the linked one kept when it is not among them. */
  async function productChoice(selected: unknown) {
    const value = typeof selected === 'string' && selected ? selected : null
    const catalog = await app.shop.stock.catalog()
    const listed = catalog.some((c) => c.variants.some((v) => `${c.connectionId}:${v.id}` === value))
    const extra =
      value && !listed
        ? await app.shop.stock
            .of(productRefOf(value))
            .then((v) => ({ value, title: v.title, stock: v.stock }))
            .catch(() => ({ value, title: value, stock: null }))
        : null
    return presentProductChoice(catalog, value, extra)
  }

  async function renderCompose(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) {
    const pageList = request.pageScope.pages
    const page = pageList.find((p) => p.id === values.pageId) ?? pageList[0]
    const products = await productChoice(values.product)
    return reply.page(
      'posts/compose',
      composeModel(request, pageList, { values, products, zone: page?.timeZone ?? null, ...extra }),
    )
  }

  app.get('/posts', { config: planners, schema: { querystring: ListQuery } }, async (request, reply) => {
    const query = request.query
    const byId = pageMap(request)
    const [{ posts: found, total }, members] = await Promise.all([
      queries.list(query, scopeIds(request)),
      app.team.list(),
    ])
    const lastPage = Math.max(1, Math.ceil(total / query.limit))
    const filters = new URLSearchParams(
      Object.entries({
        pageId: query.pageId,
        status: query.status,
        authorId: query.authorId,
        from: request.query.from?.toISOString().slice(0, 10),
        to: request.query.to?.toISOString().slice(0, 10),
      }).filter((e): e is [string, string] => Boolean(e[1])),
    ).toString()
    return reply.page('posts/index', {
      title: 'nav.posts',
      posts: found.map((p) => ({
        ...postView(p, byId.get(p.pageId)?.timeZone ?? 'Europe/Amsterdam'),
        pageName: byId.get(p.pageId)?.name ?? '—',
      })),
      pages: [...byId.values()].map((p) => ({ id: p.id, name: p.name })),
      authors: members.map((m) => ({ id: m.id, name: m.name })),
      statuses: POST_STATUSES,
      query: {
        ...query,
        from: request.query.from?.toISOString().slice(0, 10) ?? '',
        to: request.query.to?.toISOString().slice(0, 10) ?? '',
      },
      total,
      pagination: {
        page: query.page,
        lastPage,
        previous: query.page > 1 ? `/posts?${filters}&page=${query.page - 1}` : null,
        next: query.page < lastPage ? `/posts?${filters}&page=${query.page + 1}` : null,
      },
    })
  })

  app.get('/posts/new', { config: planners }, async (request, reply) => {
    const pageId = (request.query as { pageId?: string }).pageId
    return renderCompose(request, reply, { pageId, label: 'news', action: 'schedule' })
  })

  app.post('/posts', { config: planners }, async (request, reply) => {
    const values = request.body as Record<string, unknown>
    const parsed = ComposeBody.safeParse(values)
    if (!parsed.success) {
      const problem = invalidForm(parsed.error, request)
      return renderCompose(request, reply.code(problem.statusCode), values, { ...problem, problem: true })
    }
    try {
      const saved = await compose.create(authorOf(request), parsed.data)
      const first = saved.posts[0] as Post
      const warnings = presentWarnings(saved.warnings, t(request)).map((w) => w.message)
      const key = saved.posts.length > 1 ? 'posts.savedSeries' : `posts.saved.${first.status}`
      return reply.done(`/posts/${first.id}`, key, {
        count: saved.posts.length,
        warning: warnings.join(' '),
      })
    } catch (err) {
      const problem = problemOf(err, request)
      return renderCompose(request, reply.code(problem.statusCode), values, { ...problem, problem: true })
    }
  })

  app.get('/posts/import', { config: planners }, async (request, reply) => {
    return reply.page('posts/import', {
      title: 'posts.importTitle',
      values: { allOrNothing: true },
      isAdmin: request.user?.role === 'admin',
    })
  })

  app.post('/posts/import', { config: planners }, async (request, reply) => {
    const values = request.body as Record<string, unknown>
    const parsed = ImportBody.safeParse(values)
    const model = { title: 'posts.importTitle', values, isAdmin: request.user?.role === 'admin' }
    if (!parsed.success) {
      const problem = invalidForm(parsed.error, request, IMPORT_LABELS)
      return reply.code(400).page('posts/import', { ...model, ...problem, problem: true })
    }
    try {
      const report = await postImport.run(authorOf(request), parsed.data, request.pageScope.pages)
      return reply.page('posts/import', {
        ...model,
        report: {
          ...report,
          rows: report.rows.map((r) => ({
            ...r,
            reasons: r.reasons.map((x) => ({
              path: x.path,
              message: t(request)(`errors.${x.code}`, x.params ?? {}),
            })),
          })),
        },
      })
    } catch (err) {
      const problem = problemOf(err, request, IMPORT_LABELS)
      return reply.code(problem.statusCode).page('posts/import', { ...model, ...problem, problem: true })
    }
  })

  app.get(
    '/posts/calendar',
    { config: planners, schema: { querystring: CalendarQuery } },
    async (request, reply) => {
      const pageList = request.pageScope.pages
      const pageId = (request.query as { pageId?: string }).pageId ?? (pageList[0] ? pageList[0].id : null)
      if (!pageId) return reply.page('posts/calendar', { title: 'posts.calendarTitle', pages: [] })
      const week = await queries.week(pageId, request.query.week)
      const zone = week.page.timeZone
      return reply.page('posts/calendar', {
        title: 'posts.calendarTitle',
        pages: pageList.map((p) => ({ id: p.id, name: p.name, selected: p.id === pageId })),
        pageId,
        timeZone: zone,
        week: week.week,
        previous: week.previous,
        next: week.next,
        days: week.days.map((d) => ({
          date: d.date,
          weekday: `posts.weekday.${d.weekday}`,
          dst: d.dst,
          posts: d.posts.map((p) => {
            const view = postView(p, zone)
            return { ...view, time: view.scheduledLocal?.slice(11) }
          }),
        })),
      })
    },
  )

  /** The post's page; for a promo held for its stock, why (in words), the stock now and the release form. */
  async function showModel(request: FastifyRequest, id: string) {
    const post = await queries.find(id)
    const page = await pages.find(post.pageId).catch(() => null)
    const zone = page?.timeZone ?? 'Europe/Amsterdam'
    const view = postView(post, zone)
    const held = view.heldForStock ? await stockHolds.explain(post) : null
    // Times as the marketer reads them, in the page's zone and their language (with <time datetime>).
    const ctx = { locale: request.locale, zone }
    const attemptTimes = (post.attempts ?? []).map((a) => humanTime(a.at, ctx))
    return {
      title: 'posts.showTitle',
      post: { ...view, attempts: view.attempts.map((a, i) => ({ ...a, at: attemptTimes[i] })) },
      times: { scheduled: humanTime(post.scheduledAt, ctx), published: humanTime(post.publishedAt, ctx) },
      pageName: page?.name ?? '—',
      isAdmin: request.user?.role === 'admin',
      hold: held && {
        ...holdView(held.facts, { locale: request.locale, zone }),
        releasable: held.releasable,
        timePassed: (post.scheduledAt?.getTime() ?? 0) <= Date.now(),
      },
      // Waiting or going out: the page follows the status by itself.
      watch: ['scheduled', 'publishing', 'awaiting_approval'].includes(view.status),
      can: {
        edit: ['draft', 'awaiting_approval', 'scheduled', 'failed', 'held'].includes(view.status),
        review: view.status === 'awaiting_approval' && request.user?.role === 'admin',
        retry: ['failed', 'held'].includes(view.status) && !view.heldForStock,
        release: view.heldForStock,
      },
    }
  }

  app.get('/posts/:id', { config: planners, schema: { params: IdParams } }, async (request, reply) =>
    reply.page('posts/show', await showModel(request, request.params.id)),
  )

  // Release a promo held for its stock: checked against the stock now; refused, the post's page
  // shows again with the reason (the claim and the stock) next to the button.
  const releaseForm: FormSpec = {
    labels: { [RELEASE_FIELD]: 'posts.hold.release' },
    render: async (request) => ({
      template: 'posts/show',
      model: await showModel(request, (request.params as { id: string }).id),
    }),
  }
  app.post(
    '/posts/:id/release',
    { config: { ...planners, form: releaseForm }, schema: { params: IdParams } },
    async (request, reply) => {
      const released = await stockHolds.release(authorOf(request), request.params.id)
      return reply.done(`/posts/${released.id}`, `posts.hold.released.${released.status}`)
    },
  )

  app.get('/posts/:id/edit', { config: planners, schema: { params: IdParams } }, async (request, reply) => {
    const post = await queries.find(request.params.id)
    const page = await pages.find(post.pageId)
    const view = postView(post, page.timeZone)
    return renderCompose(
      request,
      reply,
      {
        pageId: view.pageId,
        message: view.message,
        link: view.link ?? '',
        imageUrl: view.imageUrl ?? '',
        label: view.label,
        product: view.product ?? '',
        offerEndsAt: post.offerEndsAt ? localInputValue(post.offerEndsAt, page.timeZone) : '',
        scheduledAt: view.scheduledInput,
        action: view.status === 'draft' ? 'draft' : 'schedule',
        version: view.version,
      },
      { editing: view, title: 'posts.editTitle' },
    )
  })

  app.post('/posts/:id/edit', { config: planners, schema: { params: IdParams } }, async (request, reply) => {
    const values = request.body as Record<string, unknown>
    // The post is read again only to show a refused form; a saved edit needs no second look.
    const showAgain = async (problem: FormProblem) => {
      const post = await queries.find(request.params.id)
      const editing = postView(post, (await pages.find(post.pageId)).timeZone)
      return renderCompose(
        request,
        reply.code(problem.statusCode),
        { ...values, pageId: editing.pageId },
        { ...problem, problem: true, editing },
      )
    }
    const parsed = EditBody.safeParse(values)
    if (!parsed.success) return showAgain(invalidForm(parsed.error, request))
    try {
      const saved = await compose.edit(authorOf(request), request.params.id, parsed.data)
      const updated = saved.posts[0] as Post
      const warnings = presentWarnings(saved.warnings, t(request)).map((w) => w.message)
      return reply.done(`/posts/${updated.id}`, `posts.saved.${updated.status}`, {
        warning: warnings.join(' '),
      })
    } catch (err) {
      return showAgain(problemOf(err, request))
    }
  })

  const action = (
    path: string,
    access: { access: Access },
    run: (request: FastifyRequest, id: string) => Promise<Post | { posts: Post[] }>,
    message: string,
    confirm?: string,
  ) =>
    app.post(
      path,
      {
        // An irreversible one asks first (src/irreversible.ts).
        ...(confirm
          ? irreversible(app, {
              path,
              name: confirm,
              config: access,
              params: IdParams,
              cancelTo: (request) => `/posts/${(request.params as { id: string }).id}`,
            })
          : { config: access }),
        schema: { params: IdParams },
      },
      async (request, reply) => {
        const result = await run(request, request.params.id)
        const post = 'posts' in result ? (result.posts[0] as Post) : result
        return reply.done(`/posts/${post.id}`, message)
      },
    )

  action(
    '/posts/:id/cancel',
    planners,
    (r, id) => lifecycle.cancel(authorOf(r), id),
    'posts.cancelled',
    'posts.cancel',
  )
  action('/posts/:id/retry', planners, (r, id) => lifecycle.retry(authorOf(r), id), 'posts.retried')
  action('/posts/:id/duplicate', planners, (r, id) => compose.duplicate(authorOf(r), id), 'posts.duplicated')
  action(
    '/posts/:id/approve',
    admins,
    (r, id) =>
      lifecycle.approve(
        authorOf(r),
        id,
        ((r.body as { overrideReason?: string }).overrideReason || '').trim() || undefined,
      ),
    'posts.approved',
  )
  app.post(
    '/posts/:id/reject',
    { config: admins, schema: { params: IdParams, body: RejectBody } },
    async (request, reply) => {
      await lifecycle.reject(authorOf(request), request.params.id, request.body.comment)
      return reply.done(`/posts/${request.params.id}`, 'posts.rejected')
    },
  )
}

export default postRoutes
