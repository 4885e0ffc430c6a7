// Composing, approving, rescheduling and cancelling posts; the rules are checked here, the worker publishes.
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import { Types } from 'mongoose'
import type { Config } from '../../config.js'
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../../errors.js'
import type { Models } from '../../models.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { Role } from '../team/model.js'
import {
  EDITABLE_STATUSES,
  type PostDoc,
  type PostLabel,
  type PostStatus,
  PROMOTIONAL_LABELS,
} from './model.js'
import { loadPlan, rulesOf, violationReasons, type WarningView, warningsOf } from './plan.js'
import type { PublishQueue } from './publish-queue.js'
import { checkInOrder, checkPostingRules, type PlannedPost, type RuleCheck } from './rules.js'
import {
  localDay,
  localLabel,
  occurrences,
  plannableTime,
  type Repeat,
  resolveTime,
} from './schedule-time.js'
import type { ComposeBody, EditBody, ListQuery } from './schemas.js'

/** Who is acting: the audit actor plus what the rules need to know about them. */
export type Author = { actor: Actor; userId: Types.ObjectId; name: string; role: Role }

export type SaveResult = { posts: PostDoc[]; warnings: WarningView[] }

type Content = { message: string; link?: string; imageUrl?: string; label: PostLabel }

const contentOf = (p: Content) => ({
  message: p.message,
  link: p.link ?? null,
  imageUrl: p.imageUrl ?? null,
  label: p.label,
})

export function createPostService(deps: {
  config: Config
  models: Models
  audit: AuditLog
  pages: PageService
  queue: PublishQueue
  log?: { warn(obj: object, msg: string): void }
}) {
  const { models, audit, pages, queue, config } = deps

  async function find(id: string): Promise<PostDoc> {
    if (!Types.ObjectId.isValid(id)) throw new NotFound('posts.notFound')
    const post = await models.posts.findById(new Types.ObjectId(id)).lean<PostDoc>()
    if (!post) throw new NotFound('posts.notFound')
    return post
  }

  /** MongoDB is the source of truth: when Redis is away the reconciler queues the post later. */
  async function enqueue(post: PostDoc): Promise<void> {
    if (post.status !== 'scheduled' || !post.scheduledAt) return
    try {
      await queue.ensure(String(post._id), post.scheduledAt)
    } catch (err) {
      deps.log?.warn({ postId: String(post._id), err: (err as Error).message }, 'post not queued yet')
    }
  }

  async function dequeue(postId: string): Promise<void> {
    try {
      await queue.drop(postId)
    } catch (err) {
      deps.log?.warn({ postId, err: (err as Error).message }, 'could not drop the publish job')
    }
  }

  /** A time from the form or API as an instant, refused (400) when past or beyond the horizon. */
  function when(input: string, page: Page, field = 'scheduledAt'): Date {
    const checked = plannableTime(input, page.timeZone, config.POSTS_HORIZON_DAYS)
    if ('code' in checked) throw new InvalidInput(field, checked.code, checked.params)
    return checked.at
  }

  function statusFor(page: Page, author: Author): PostStatus {
    const needsApproval = Boolean(page.requireApproval) && author.role !== 'admin'
    return needsApproval ? 'awaiting_approval' : 'scheduled'
  }

  function assertMayOverride(author: Author, reason: string | undefined) {
    if (reason && author.role !== 'admin') throw new Forbidden('posts.overrideAdminsOnly')
  }

  /**
   * Refuses (422) when a candidate breaks a rule, unless an admin overrides with a reason; returns
   * the warnings and, for an override, the rules it set aside.
   */
  function judge(checks: RuleCheck[], page: Page, overrideReason: string | undefined, several: boolean) {
    const broken = checks.flatMap((c, i) =>
      violationReasons(c.violations, page.timeZone, several ? `occurrences.${i + 1}.` : ''),
    )
    const rules = [...new Set(checks.flatMap((c) => c.violations.map((v) => v.rule)))]
    if (broken.length && !overrideReason) {
      throw new RuleViolation('posts.rulesBroken', {
        count: rules.length,
        violations: checks.flatMap((c, i) =>
          c.violations.map((v) => ({
            occurrence: i + 1,
            rule: v.rule,
            conflictingPostIds: v.conflicting.map((p) => p.id),
          })),
        ),
      }).because(broken)
    }
    return { warnings: checks.flatMap((c) => warningsOf(c, page.timeZone)), overridden: rules }
  }

  function overrideDoc(author: Author, reason: string | undefined, rules: string[]) {
    if (!reason || rules.length === 0) return null
    return { by: author.userId, byName: author.name, at: new Date(), reason, rules }
  }

  async function recordOverride(
    author: Author,
    page: Page,
    posts: PostDoc[],
    reason: string,
    rules: string[],
  ) {
    for (const post of posts) {
      await audit.record(author.actor, {
        action: 'post.override',
        target: { type: 'post', id: String(post._id), label: post.message.slice(0, 60) },
        pageId: page.facebookPageId,
        after: { rules },
        reason,
      })
    }
  }

  async function checkOne(page: Page, candidate: PlannedPost): Promise<RuleCheck> {
    const plan = await loadPlan(models, page.id, [candidate.at])
    return checkPostingRules(candidate, plan, rulesOf(page))
  }

  return {
    find,

    async create(author: Author, body: ComposeBody): Promise<SaveResult> {
      const page = await pages.find(body.pageId)
      assertMayOverride(author, body.overrideReason)
      const base = {
        pageId: page.id,
        facebookPageId: page.facebookPageId,
        ...contentOf(body),
        authorId: author.userId,
        authorName: author.name,
      }
      if (body.action === 'draft') {
        const at = body.scheduledAt ? resolveTime(body.scheduledAt, page.timeZone)?.at : null
        if (body.scheduledAt && !at) throw new InvalidInput('scheduledAt', 'posts.badTime')
        const draft = (
          await models.posts.create({ ...base, status: 'draft', scheduledAt: at ?? null })
        ).toObject()
        await audit.record(author.actor, {
          action: 'post.create',
          target: { type: 'post', id: String(draft._id), label: draft.message.slice(0, 60) },
          pageId: page.facebookPageId,
          after: { status: 'draft' },
        })
        return { posts: [draft as PostDoc], warnings: [] }
      }

      const first = body.action === 'publish_now' ? new Date() : when(body.scheduledAt as string, page)
      const repeat: Repeat | undefined = body.repeatEvery
        ? {
            every: body.repeatEvery,
            unit: body.repeatUnit as 'days' | 'weeks',
            times: body.repeatTimes,
            until: body.repeatUntil,
          }
        : undefined
      const instants = occurrences(first, page.timeZone, repeat)
      const horizon = DateTime.now().plus({ days: config.POSTS_HORIZON_DAYS }).toMillis()
      if (instants.some((at) => at.getTime() > horizon)) {
        throw new InvalidInput('repeatTimes', 'posts.beyondHorizon', { days: config.POSTS_HORIZON_DAYS })
      }
      const candidates = instants.map((at, i) => ({
        id: `new-${i}`,
        at,
        label: body.label,
        message: body.message,
      }))
      const plan = await loadPlan(models, page.id, instants)
      const checks = checkInOrder(candidates, plan, rulesOf(page), () => true)
      const { warnings, overridden } = judge(checks, page, body.overrideReason, instants.length > 1)

      const status = statusFor(page, author)
      const seriesId = instants.length > 1 ? randomUUID() : null
      const override = overrideDoc(author, body.overrideReason, overridden)
      const docs = instants.map((at, i) => ({
        ...base,
        status,
        scheduledAt: at,
        series: seriesId ? { id: seriesId, index: i + 1, total: instants.length } : undefined,
        override,
      }))
      const created = (await models.posts.insertMany(docs)).map((d) => d.toObject() as PostDoc)
      for (const post of created) {
        await audit.record(author.actor, {
          action: 'post.create',
          target: { type: 'post', id: String(post._id), label: post.message.slice(0, 60) },
          pageId: page.facebookPageId,
          after: {
            status,
            label: post.label,
            scheduledAt: post.scheduledAt?.toISOString() ?? null,
            seriesId,
          },
        })
        await enqueue(post)
      }
      if (override) await recordOverride(author, page, created, override.reason, overridden)
      return { posts: created, warnings }
    },

    /** Changes text or time. A marketer's edit of an approved post sends it back for approval. */
    async edit(author: Author, id: string, body: EditBody): Promise<SaveResult> {
      const post = await find(id)
      if (!EDITABLE_STATUSES.includes(post.status as PostStatus)) {
        throw new Conflict('posts.notEditable', { status: post.status })
      }
      const page = await pages.find(String(post.pageId))
      assertMayOverride(author, body.overrideReason)
      let scheduledAt: Date | null = post.scheduledAt ?? null
      let status: PostStatus = 'draft'
      let warnings: WarningView[] = []
      let override = post.override ?? null
      if (body.action === 'draft') {
        if (body.scheduledAt) scheduledAt = resolveTime(body.scheduledAt, page.timeZone)?.at ?? scheduledAt
      } else {
        scheduledAt = body.action === 'publish_now' ? new Date() : when(body.scheduledAt as string, page)
        const check = await checkOne(page, { id, at: scheduledAt, label: body.label, message: body.message })
        const judged = judge([check], page, body.overrideReason, false)
        warnings = judged.warnings
        override = overrideDoc(author, body.overrideReason, judged.overridden) ?? null
        status = statusFor(page, author)
      }
      const updated = await models.posts
        .findOneAndUpdate(
          { _id: post._id, version: body.version, status: { $in: [...EDITABLE_STATUSES] } },
          {
            $set: {
              ...contentOf(body),
              scheduledAt,
              status,
              override,
              approval: status === 'scheduled' && author.role !== 'admin' ? post.approval : null,
              failure: { kind: null, message: null },
            },
            $inc: { version: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean<PostDoc>()
      if (!updated) throw new Conflict('changedMeanwhile')
      await audit.record(author.actor, {
        action: 'post.edit',
        target: { type: 'post', id, label: updated.message.slice(0, 60) },
        pageId: page.facebookPageId,
        before: { status: post.status, scheduledAt: post.scheduledAt?.toISOString() ?? null },
        after: { status, scheduledAt: scheduledAt?.toISOString() ?? null },
      })
      if (updated.override && body.overrideReason) {
        await recordOverride(author, page, [updated], body.overrideReason, updated.override.rules)
      }
      if (status === 'scheduled') await enqueue(updated)
      else await dequeue(id)
      return { posts: [updated], warnings }
    },

    /** An admin approves: the post is scheduled (or goes out now when its time has passed). */
    async approve(author: Author, id: string, overrideReason?: string): Promise<SaveResult> {
      const post = await find(id)
      if (post.status !== 'awaiting_approval') throw new Conflict('posts.notAwaitingApproval')
      const page = await pages.find(String(post.pageId))
      const scheduledAt = new Date(Math.max(Date.now(), post.scheduledAt?.getTime() ?? 0))
      const check = await checkOne(page, {
        id,
        at: scheduledAt,
        label: post.label as PostLabel,
        message: post.message,
      })
      const { warnings, overridden } = judge([check], page, overrideReason, false)
      const override = overrideDoc(author, overrideReason, overridden) ?? post.override ?? null
      const approved = await models.posts
        .findOneAndUpdate(
          { _id: post._id, status: 'awaiting_approval', version: post.version },
          {
            $set: {
              status: 'scheduled',
              scheduledAt,
              override,
              rejection: null,
              approval: { by: author.userId, byName: author.name, at: new Date(), comment: null },
            },
            $inc: { version: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean<PostDoc>()
      if (!approved) throw new Conflict('changedMeanwhile')
      await audit.record(author.actor, {
        action: 'post.approve',
        target: { type: 'post', id, label: post.message.slice(0, 60) },
        pageId: page.facebookPageId,
        after: { scheduledAt: scheduledAt.toISOString() },
      })
      if (overrideReason && overridden.length)
        await recordOverride(author, page, [approved], overrideReason, overridden)
      await enqueue(approved)
      return { posts: [approved], warnings }
    },

    /** An admin rejects with a comment: the post goes back to its author as a draft. */
    async reject(author: Author, id: string, comment: string): Promise<PostDoc> {
      const post = await find(id)
      const rejected = await models.posts
        .findOneAndUpdate(
          { _id: post._id, status: 'awaiting_approval' },
          {
            $set: {
              status: 'draft',
              approval: null,
              rejection: { by: author.userId, byName: author.name, at: new Date(), comment },
            },
            $inc: { version: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean<PostDoc>()
      if (!rejected) throw new Conflict('posts.notAwaitingApproval')
      await audit.record(author.actor, {
        action: 'post.reject',
        target: { type: 'post', id, label: post.message.slice(0, 60) },
        pageId: post.facebookPageId,
        reason: comment,
      })
      return rejected
    },

    async cancel(author: Author, id: string): Promise<PostDoc> {
      const post = await find(id)
      const cancelled = await models.posts
        .findOneAndUpdate(
          { _id: post._id, status: { $in: [...EDITABLE_STATUSES] } },
          { $set: { status: 'cancelled' }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        )
        .lean<PostDoc>()
      if (!cancelled) throw new Conflict('posts.notCancellable', { status: post.status })
      await dequeue(id)
      await audit.record(author.actor, {
        action: 'post.cancel',
        target: { type: 'post', id, label: post.message.slice(0, 60) },
        pageId: post.facebookPageId,
        before: { status: post.status },
      })
      return cancelled
    },

    /** A failed or held post goes out again now (or at its time, when that is still ahead). */
    async retry(author: Author, id: string): Promise<PostDoc> {
      const post = await find(id)
      const page = await pages.find(String(post.pageId))
      if (page.tokenStatus !== 'ok') throw new Conflict('posts.pageNeedsReconnect')
      const scheduledAt = new Date(Math.max(Date.now(), post.scheduledAt?.getTime() ?? 0))
      const retried = await models.posts
        .findOneAndUpdate(
          { _id: post._id, status: { $in: ['failed', 'held'] } },
          {
            $set: { status: 'scheduled', scheduledAt, failure: { kind: null, message: null } },
            $inc: { version: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean<PostDoc>()
      if (!retried) throw new Conflict('posts.notRetryable', { status: post.status })
      await audit.record(author.actor, {
        action: 'post.retry',
        target: { type: 'post', id, label: post.message.slice(0, 60) },
        pageId: post.facebookPageId,
        before: { status: post.status },
      })
      await enqueue(retried)
      return retried
    },

    /** A copy as a new draft, to adapt and schedule again. */
    async duplicate(author: Author, id: string): Promise<PostDoc> {
      const post = await find(id)
      const copy = (
        await models.posts.create({
          pageId: post.pageId,
          facebookPageId: post.facebookPageId,
          ...contentOf({
            message: post.message,
            link: post.link ?? undefined,
            imageUrl: post.imageUrl ?? undefined,
            label: post.label as PostLabel,
          }),
          status: 'draft',
          scheduledAt: null,
          authorId: author.userId,
          authorName: author.name,
        })
      ).toObject() as PostDoc
      await audit.record(author.actor, {
        action: 'post.duplicate',
        target: { type: 'post', id: String(copy._id), label: copy.message.slice(0, 60) },
        pageId: post.facebookPageId,
        after: { from: id },
      })
      return copy
    },

    /** Held posts of a page whose token works again go back on the queue (their time may be past). */
    async releaseHeld(pageId: Types.ObjectId | string): Promise<number> {
      const held = await models.posts.find({ pageId, status: 'held' }, { _id: 1 }).lean<PostDoc[]>()
      let released = 0
      for (const { _id } of held) {
        const post = await models.posts
          .findOneAndUpdate(
            { _id, status: 'held' },
            { $set: { status: 'scheduled', failure: { kind: null, message: null } } },
            { returnDocument: 'after' },
          )
          .lean<PostDoc>()
        if (post) {
          released += 1
          await enqueue(post)
        }
      }
      return released
    },

    async list(query: ListQuery): Promise<{ posts: PostDoc[]; total: number }> {
      const filter: Record<string, unknown> = {}
      // Every value comes from a validated schema as a plain string or Date, never an operator object.
      if (query.pageId) filter.pageId = new Types.ObjectId(query.pageId)
      if (query.status) filter.status = String(query.status)
      if (query.authorId) filter.authorId = new Types.ObjectId(query.authorId)
      if (query.from || query.to) {
        filter.scheduledAt = {
          ...(query.from ? { $gte: query.from } : {}),
          ...(query.to ? { $lte: query.to } : {}),
        }
      }
      const [posts, total] = await Promise.all([
        models.posts
          .find(filter)
          .sort({ scheduledAt: -1, _id: -1 })
          .skip((query.page - 1) * query.limit)
          .limit(query.limit)
          .lean<PostDoc[]>(),
        models.posts.countDocuments(filter),
      ])
      return { posts, total }
    },

    /** The posts of one local week of the page, Monday to Sunday, with daylight-saving days marked. */
    async week(pageId: string, anyDay?: string) {
      const page = await pages.find(pageId)
      const zone = page.timeZone
      const start = (anyDay ? DateTime.fromISO(anyDay, { zone }) : DateTime.now().setZone(zone)).startOf(
        'week',
      )
      const end = start.plus({ weeks: 1 })
      const posts = await models.posts
        .find({
          pageId: page.id,
          status: { $ne: 'cancelled' },
          scheduledAt: { $gte: start.toJSDate(), $lt: end.toJSDate() },
        })
        .sort({ scheduledAt: 1 })
        .lean<PostDoc[]>()
      const days = Array.from({ length: 7 }, (_, i) => {
        const day = start.plus({ days: i })
        const next = day.plus({ days: 1 })
        const hours = next.diff(day, 'hours').hours
        return {
          date: day.toISODate() as string,
          weekday: day.weekday,
          dst: hours === 23 ? ('forward' as const) : hours === 25 ? ('back' as const) : null,
          posts: posts.filter((p) => localDay(p.scheduledAt as Date, zone) === day.toISODate()),
        }
      })
      return {
        page,
        start: start.toISODate() as string,
        previous: start.minus({ weeks: 1 }).toISODate() as string,
        next: end.toISODate() as string,
        week: start.toFormat("kkkk-'W'WW"),
        days,
      }
    },

    /** What the compose form shows while a time is chosen: that day's posts against the caps. */
    async dayLoad(pageId: string, at: string) {
      const page = await pages.find(pageId)
      const resolved = resolveTime(at, page.timeZone)
      if (!resolved) throw new InvalidInput('at', 'posts.badTime')
      const plan = await loadPlan(models, page.id, [resolved.at])
      const day = localDay(resolved.at, page.timeZone)
      const sameDay = plan.filter((p) => localDay(p.at, page.timeZone) === day)
      const week = DateTime.fromJSDate(resolved.at, { zone: page.timeZone }).toFormat("kkkk-'W'WW")
      const promos = plan.filter(
        (p) =>
          PROMOTIONAL_LABELS.includes(p.label) &&
          DateTime.fromJSDate(p.at, { zone: page.timeZone }).toFormat("kkkk-'W'WW") === week,
      )
      return {
        day,
        local: resolved.local,
        dst: resolved.dst,
        postsThatDay: sameDay.length,
        maxPostsPerDay: page.maxPostsPerDay,
        promoPostsThatWeek: promos.length,
        maxPromoPostsPerWeek: page.maxPromoPostsPerWeek ?? 3,
        posts: sameDay.map((p) => ({ id: p.id, time: localLabel(p.at, page.timeZone), label: p.label })),
      }
    },

    /** Checks rows of an import in order against the plan; the caller decides what to save. */
    async checkImportRows(
      page: Page,
      rows: Array<{ at: Date; label: PostLabel; message: string }>,
    ): Promise<RuleCheck[]> {
      const plan = await loadPlan(
        models,
        page.id,
        rows.map((r) => r.at),
      )
      const candidates = rows.map((r, i) => ({ id: `row-${i}`, ...r }))
      return checkInOrder(candidates, plan, rulesOf(page), (_c, check) => check.violations.length === 0)
    },

    enqueue,
  }
}

export type PostService = ReturnType<typeof createPostService>
