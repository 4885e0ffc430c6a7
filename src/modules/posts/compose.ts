// Writing posts: a new one (draft, scheduled, repeated or now), an edit, a copy. Rules are checked here.
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import { Conflict, InvalidInput, NotFound } from '../../errors.js'
import type { AuditLog } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { Scarcity } from '../shop/scarcity.js'
import type { Author } from './author.js'
import { assertMayOverride, judge, overrideOf, plannedTime, statusFor } from './judgement.js'
import { EDITABLE_STATUSES, type PostLabel, type PostStatus } from './model.js'
import { loadPlan, rulesOf, type WarningView } from './plan.js'
import { auditTarget, recordOverride } from './post-audit.js'
import type { Queueing } from './publish-queue.js'
import type { NewPost, Post, PostRepository } from './repository.js'
import { checkInOrder, checkPostingRules } from './rules.js'
import { occurrences, type Repeat, resolveTime } from './schedule-time.js'
import type { ComposeBody, EditBody } from './schemas.js'

export type SaveResult = { posts: Post[]; warnings: WarningView[] }

type Content = {
  message: string
  link?: string | null
  imageUrl?: string | null
  label: PostLabel
  product?: string | null
  offerEndsAt?: Date | null
}

const contentOf = (p: Content) => ({
  message: p.message,
  link: p.link ?? null,
  imageUrl: p.imageUrl ?? null,
  label: p.label,
  product: p.product ?? null,
  offerEndsAt: p.offerEndsAt ?? null,
})

/** The offer's end in the page's zone; a time Fanfare cannot read names the field. */
function offerEndOf(body: { offerEndsAt?: string }, page: Page): Date | null {
  if (!body.offerEndsAt) return null
  const resolved = resolveTime(body.offerEndsAt, page.timeZone)
  if (!resolved) throw new InvalidInput('offerEndsAt', 'posts.badTime')
  return resolved.at
}

const repeatOf = (body: ComposeBody): Repeat | undefined =>
  body.repeatEvery
    ? {
        every: body.repeatEvery,
        unit: body.repeatUnit as 'days' | 'weeks',
        times: body.repeatTimes,
        until: body.repeatUntil,
      }
    : undefined

export function createCompose(deps: {
  posts: PostRepository
  pages: PageService
  audit: AuditLog
  queueing: Queueing
  horizonDays: number
  scarcity: Scarcity
}) {
  const { posts, pages, audit, queueing, horizonDays, scarcity } = deps

  const newPost = (
    page: Page,
    author: Author,
    content: Omit<Content, 'offerEndsAt'> & { offerEndsAt?: string },
  ) => ({
    pageId: page.id,
    facebookPageId: page.facebookPageId,
    ...contentOf({ ...content, offerEndsAt: offerEndOf(content, page) }),
    authorId: author.userId,
    authorName: author.name,
  })

  /** A draft keeps an optional time without checking it against the plan. */
  async function createDraft(author: Author, page: Page, body: ComposeBody): Promise<SaveResult> {
    const at = body.scheduledAt ? resolveTime(body.scheduledAt, page.timeZone)?.at : null
    if (body.scheduledAt && !at) throw new InvalidInput('scheduledAt', 'posts.badTime')
    const [draft] = await posts.insert([
      { ...newPost(page, author, body), status: 'draft', scheduledAt: at ?? null },
    ])
    const saved = draft as Post
    await audit.record(author.actor, {
      action: 'post.create',
      target: auditTarget(saved),
      pageId: page.facebookPageId,
      after: { status: 'draft' },
    })
    return { posts: [saved], warnings: [] }
  }

  /** One post, or a series (each occurrence its own post), checked in order against the page's plan. */
  async function createPlanned(author: Author, page: Page, body: ComposeBody): Promise<SaveResult> {
    const first =
      body.action === 'publish_now' ? new Date() : plannedTime(body.scheduledAt as string, page, horizonDays)
    const instants = occurrences(first, page.timeZone, repeatOf(body))
    const horizon = DateTime.now().plus({ days: horizonDays }).toMillis()
    if (instants.some((at) => at.getTime() > horizon)) {
      throw new InvalidInput('repeatTimes', 'posts.beyondHorizon', { days: horizonDays })
    }
    // The occurrences of a new repeating post share a series (so they are not each other's near-duplicates).
    const candidates = instants.map((at, i) => ({
      id: `new-${i}`,
      at,
      label: body.label,
      message: body.message,
      seriesId: instants.length > 1 ? 'new-series' : null,
    }))
    // Scarcity claims must hold until the last occurrence goes out (the publisher checks each again).
    await scarcity.assertHonest({
      text: body.message,
      product: body.product ?? null,
      endsAt: offerEndOf(body, page),
      at: instants[instants.length - 1] as Date,
    })
    const plan = await loadPlan(posts, page.id, instants)
    const checks = checkInOrder(candidates, plan, rulesOf(page), () => true)
    const { warnings, overridden } = judge(checks, page, body.overrideReason, instants.length > 1)

    const status = statusFor(page, author)
    const seriesId = instants.length > 1 ? randomUUID() : null
    const override = overrideOf(author, body.overrideReason, overridden)
    const created = await posts.insert(
      instants.map(
        (at, i): NewPost => ({
          ...newPost(page, author, body),
          status,
          scheduledAt: at,
          series: seriesId ? { id: seriesId, index: i + 1, total: instants.length } : undefined,
          override,
        }),
      ),
    )
    for (const post of created) {
      await audit.record(author.actor, {
        action: 'post.create',
        target: auditTarget(post),
        pageId: page.facebookPageId,
        after: { status, label: post.label, scheduledAt: post.scheduledAt?.toISOString() ?? null, seriesId },
      })
      await queueing.keep(post)
    }
    if (override) await recordOverride(audit, author, page, created, override.reason, overridden)
    return { posts: created, warnings }
  }

  async function find(id: string): Promise<Post> {
    const post = await posts.find(id)
    if (!post) throw new NotFound('posts.notFound')
    return post
  }

  return {
    async create(author: Author, body: ComposeBody): Promise<SaveResult> {
      const page = await pages.find(body.pageId)
      assertMayOverride(author, body.overrideReason)
      return body.action === 'draft' ? createDraft(author, page, body) : createPlanned(author, page, body)
    },

    /** Changes text or time. A marketer's edit of an approved post sends it back for approval. */
    async edit(author: Author, id: string, body: EditBody): Promise<SaveResult> {
      const post = await find(id)
      if (!EDITABLE_STATUSES.includes(post.status as PostStatus)) {
        throw new Conflict('posts.notEditable', { status: post.status })
      }
      const page = await pages.find(post.pageId)
      assertMayOverride(author, body.overrideReason)
      let scheduledAt: Date | null = post.scheduledAt ?? null
      let status: PostStatus = 'draft'
      let warnings: WarningView[] = []
      let override = post.override ?? null
      if (body.action === 'draft') {
        if (body.scheduledAt) scheduledAt = resolveTime(body.scheduledAt, page.timeZone)?.at ?? scheduledAt
      } else {
        scheduledAt =
          body.action === 'publish_now'
            ? new Date()
            : plannedTime(body.scheduledAt as string, page, horizonDays)
        await scarcity.assertHonest({
          text: body.message,
          product: body.product ?? null,
          endsAt: offerEndOf(body, page),
          at: scheduledAt,
        })
        const plan = await loadPlan(posts, page.id, [scheduledAt])
        const check = checkPostingRules(
          {
            id,
            at: scheduledAt,
            label: body.label,
            message: body.message,
            seriesId: post.series?.id ?? null,
          },
          plan,
          rulesOf(page),
        )
        const judged = judge([check], page, body.overrideReason, false)
        warnings = judged.warnings
        override = overrideOf(author, body.overrideReason, judged.overridden) ?? null
        status = statusFor(page, author)
      }
      const updated = await posts.changeIf(
        id,
        { status: EDITABLE_STATUSES, version: body.version },
        {
          ...contentOf({ ...body, offerEndsAt: offerEndOf(body, page) }),
          scheduledAt,
          status,
          override,
          approval: status === 'scheduled' && author.role !== 'admin' ? post.approval : null,
          failure: { kind: null, message: null },
          hold: null,
        },
      )
      if (!updated) throw new Conflict('changedMeanwhile')
      await audit.record(author.actor, {
        action: 'post.edit',
        target: auditTarget(updated),
        pageId: page.facebookPageId,
        before: { status: post.status, scheduledAt: post.scheduledAt?.toISOString() ?? null },
        after: { status, scheduledAt: scheduledAt?.toISOString() ?? null },
      })
      if (updated.override && body.overrideReason) {
        await recordOverride(audit, author, page, [updated], body.overrideReason, updated.override.rules)
      }
      if (status === 'scheduled') await queueing.keep(updated)
      else await queueing.drop(id)
      return { posts: [updated], warnings }
    },

    /** A copy as a new draft, to adapt and schedule again. */
    async duplicate(author: Author, id: string): Promise<Post> {
      const post = await find(id)
      const [copy] = await posts.insert([
        {
          pageId: post.pageId,
          facebookPageId: post.facebookPageId,
          ...contentOf({ ...post, label: post.label as PostLabel }),
          status: 'draft',
          scheduledAt: null,
          authorId: author.userId,
          authorName: author.name,
        },
      ])
      const saved = copy as Post
      await audit.record(author.actor, {
        action: 'post.duplicate',
        target: auditTarget(saved),
        pageId: post.facebookPageId,
        after: { from: id },
      })
      return saved
    },
  }
}

export type Compose = ReturnType<typeof createCompose>
