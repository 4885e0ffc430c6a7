// The comment inbox: what moderators see and do (through Graph, audited), settings, imports.
import { DateTime } from 'luxon'
import { type QueryFilter, Types } from 'mongoose'
import { Conflict, NotFound } from '../../errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { Models } from '../../models.js'
import { enqueue, type Queues } from '../../queues.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { TeamService } from '../team/service.js'
import { createCommentApplier } from './apply.js'
import { createBarometer } from './barometer.js'
import { createPageClassifiers } from './classification.js'
import { createWebhookIntake } from './intake.js'
import type { LiveFeed } from './live.js'
import type { CommentDoc, CommentImportDoc, SavedReplyDoc, WebhookEventDoc } from './model.js'
import { DEFAULT_SAVED_REPLIES, fillPlaceholders, firstNameOf } from './replies.js'
import type { InboxFilter, ReplyBody, SavedReplyBody, SettingsBody } from './schemas.js'
import type { CommentChange } from './webhook.js'

/** Days a newly connected page imports. */
export const CONNECT_IMPORT_DAYS = 30

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text)

export function createCommentService(deps: {
  models: Models
  audit: AuditLog
  pages: PageService
  team: TeamService
  graph: GraphClient
  queues?: Queues
  live: LiveFeed
  appSecret: string
}) {
  const { models, audit, pages, team, graph, queues, live } = deps
  const classifiers = createPageClassifiers(models)
  const barometer = createBarometer(models)
  const applier = createCommentApplier({ models, pages, classifiers, barometer, live })
  const intake = createWebhookIntake({ models, queues, appSecret: deps.appSecret })

  function requireQueues(): Queues {
    if (!queues) throw new Error('the comments queue is not available in this process')
    return queues
  }

  const pageOf = (facebookPageId: string): Promise<Page> => pages.findByFacebookId(facebookPageId)

  async function find(facebookCommentId: string): Promise<CommentDoc> {
    const comment = await models.comments
      .findOne({ _id: String(facebookCommentId), byPage: false })
      .lean<CommentDoc>()
    if (!comment) throw new NotFound('comments.notFound')
    return comment
  }

  /** Records an action on the comment (shown in its thread) and in the audit log. */
  async function act(
    actor: Actor,
    comment: CommentDoc,
    kind: string,
    text: string | null,
    set: Record<string, unknown> = {},
    audited: { before?: Record<string, unknown>; after?: Record<string, unknown> } = {},
  ): Promise<CommentDoc> {
    const updated = await models.comments
      .findOneAndUpdate(
        { _id: comment._id },
        {
          ...(Object.keys(set).length ? { $set: set } : {}),
          $push: { actions: { at: new Date(), kind, by: { userId: actor.userId, name: actor.name }, text } },
        },
        { returnDocument: 'after' },
      )
      .lean<CommentDoc>()
    await audit.record(actor, {
      action: `comment.${kind}`,
      target: { type: 'comment', id: comment.facebookCommentId, label: excerpt(comment.message ?? '') },
      pageId: comment.facebookPageId,
      before: audited.before ?? null,
      after: audited.after ?? (text ? { text } : null),
    })
    return updated as CommentDoc
  }

  async function runImport(importId: string): Promise<CommentImportDoc> {
    const run = await models.commentImports
      .findOneAndUpdate(
        { _id: new Types.ObjectId(importId), state: { $in: ['queued', 'running'] } },
        { $set: { state: 'running', startedAt: new Date(), postsDone: 0, comments: 0 } },
        { returnDocument: 'after' },
      )
      .lean<CommentImportDoc>()
    if (!run) throw new NotFound('comments.importNotFound')
    const progress = async (set: Record<string, unknown>, inc: Record<string, number> = {}) => {
      const now = await models.commentImports
        .findOneAndUpdate(
          { _id: run._id },
          { $set: set, ...(Object.keys(inc).length ? { $inc: inc } : {}) },
          { returnDocument: 'after' },
        )
        .lean<CommentImportDoc>()
      if (now) {
        await live.publish({
          type: 'import',
          facebookPageId: now.facebookPageId,
          state: now.state,
          posts: now.posts,
          postsDone: now.postsDone,
        })
      }
      return now as CommentImportDoc
    }
    try {
      const page = await pageOf(run.facebookPageId)
      await pages.withPageToken(page, async (token) => {
        const posts = []
        for await (const post of graph.listFeed(page.facebookPageId, token, { since: run.since, limit: 25 }))
          posts.push(post)
        await progress({ posts: posts.length })
        for (const post of posts) {
          let count = 0
          for await (const c of graph.listComments(post.id, token, { filter: 'stream', limit: 100 })) {
            const change: CommentChange = {
              item: 'comment',
              verb: 'add',
              created_time: Math.floor((c.createdTime?.getTime() ?? Date.now()) / 1000),
              post_id: post.id,
              comment_id: c.id,
              parent_id: c.parentId ?? post.id,
              message: c.message,
              from: c.from ? { id: c.from.id, name: c.from.name } : undefined,
            }
            await applier.apply(page.facebookPageId, change)
            count++
          }
          await progress({}, { postsDone: 1, comments: count })
        }
      })
      return await progress({ state: 'done', finishedAt: new Date() })
    } catch (err) {
      await progress({ state: 'failed', finishedAt: new Date(), error: (err as Error).message.slice(0, 300) })
      throw err
    }
  }

  return {
    intake,
    barometer,
    applier,
    find,

    /** Open comments, complaints first, then negative ones, then the oldest. */
    async list(filter: InboxFilter): Promise<CommentDoc[]> {
      // Every value below is a validated string, never an object from the request.
      const query: QueryFilter<CommentDoc> = { byPage: false, removed: false, contentVersion: { $gt: 0 } }
      if (filter.status !== 'all') query.status = filter.status
      if (filter.page) query.facebookPageId = String(filter.page)
      if (filter.post) query.postId = String(filter.post)
      if (filter.sentiment) query.sentiment = filter.sentiment
      if (filter.category) query.category = filter.category
      if (filter.complaint) query.complaint = filter.complaint === 'yes'
      if (filter.assignee) query.assigneeId = filter.assignee === 'none' ? null : String(filter.assignee)
      return models.comments
        .find(query, { actions: 0, counted: 0 })
        .sort({ priority: 1, createdTime: 1, _id: 1 })
        .limit(filter.limit)
        .lean<CommentDoc[]>()
    },

    /** The comment, the thread it belongs to and the post (from Graph; null when Graph cannot say). */
    async thread(facebookCommentId: string) {
      const comment = await find(facebookCommentId)
      const rootId = comment.parentId ?? comment.facebookCommentId
      const [root, replies] = await Promise.all([
        models.comments.findOne({ _id: rootId }).lean<CommentDoc>(),
        models.comments
          .find({ parentId: rootId, removed: false })
          .sort({ createdTime: 1 })
          .lean<CommentDoc[]>(),
      ])
      let post: { id: string; message: string | null; permalinkUrl: string | null } | null = null
      try {
        const page = await pageOf(comment.facebookPageId)
        const p = await pages.withPageToken(page, (token) => graph.getPost(comment.postId, token))
        post = { id: p.id, message: p.message ?? null, permalinkUrl: p.permalinkUrl ?? null }
      } catch {
        post = null
      }
      return { comment, root: root ?? comment, replies, post }
    },

    /** Replies as the page (on the top-level comment: Graph allows one level) and records the first response. */
    async reply(actor: Actor, facebookCommentId: string, body: ReplyBody): Promise<CommentDoc> {
      const comment = await find(facebookCommentId)
      if (comment.removed) throw new Conflict('comments.removed')
      const page = await pageOf(comment.facebookPageId)
      let message = body.message ?? ''
      if (!message && body.savedReplyId) {
        const saved = await models.savedReplies.findById(body.savedReplyId).lean<SavedReplyDoc>()
        if (saved) message = saved.text
      }
      message = fillPlaceholders(message, { firstName: firstNameOf(comment), orderNumber: body.orderNumber })
      const target = comment.parentId ?? comment.facebookCommentId
      const answer = await pages.withPageToken(page, (token) => graph.replyToComment(target, token, message))
      const now = new Date()
      try {
        await models.comments.create({
          _id: answer.id,
          facebookCommentId: answer.id,
          facebookPageId: page.facebookPageId,
          postId: comment.postId,
          parentId: target,
          from: { id: page.facebookPageId, name: page.name },
          byPage: true,
          message,
          createdTime: now,
          contentVersion: Math.floor(now.getTime() / 1000) * 10 + 1,
          status: 'done',
        })
      } catch (err) {
        // The webhook for our own reply was faster; it stored the same reply.
        if ((err as { code?: number }).code !== 11000) throw err
      }
      await applier.markAnswered(page, comment.facebookCommentId, now, {
        userId: actor.userId,
        name: actor.name,
      })
      return act(
        actor,
        comment,
        'reply',
        message,
        { status: 'done' },
        { after: { replyId: answer.id, message } },
      )
    },

    async setHidden(actor: Actor, facebookCommentId: string, hidden: boolean): Promise<CommentDoc> {
      const comment = await find(facebookCommentId)
      const page = await pageOf(comment.facebookPageId)
      // Set first, so the webhook Facebook sends for this very change finds nothing to do and does not
      // write the document concurrently with the next action.
      await models.comments.updateOne({ _id: comment._id }, { $set: { hidden } })
      try {
        await pages.withPageToken(page, (token) =>
          graph.setCommentHidden(comment.facebookCommentId, token, hidden),
        )
      } catch (err) {
        await models.comments.updateOne({ _id: comment._id }, { $set: { hidden: comment.hidden } })
        throw err
      }
      return act(
        actor,
        comment,
        hidden ? 'hide' : 'unhide',
        null,
        { hidden },
        {
          before: { hidden: comment.hidden },
          after: { hidden },
        },
      )
    },

    async remove(actor: Actor, facebookCommentId: string): Promise<CommentDoc> {
      const comment = await find(facebookCommentId)
      const page = await pageOf(comment.facebookPageId)
      await pages.withPageToken(page, (token) => graph.deleteComment(comment.facebookCommentId, token))
      return act(
        actor,
        comment,
        'delete',
        null,
        { removed: true, removedAt: new Date(), status: 'done' },
        {
          before: { message: comment.message },
        },
      )
    },

    async assign(
      actor: Actor,
      facebookCommentId: string,
      assigneeId: string | undefined,
    ): Promise<CommentDoc> {
      const comment = await find(facebookCommentId)
      let assignee: { id: string; name: string } | null = null
      if (assigneeId) {
        const user = await team.findActive(assigneeId)
        if (!user) throw new NotFound('userNotFound')
        assignee = { id: user.id, name: user.name }
      }
      return act(
        actor,
        comment,
        'assign',
        assignee?.name ?? null,
        { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null },
        { before: { assignee: comment.assigneeName ?? null }, after: { assignee: assignee?.name ?? null } },
      )
    },

    async note(actor: Actor, facebookCommentId: string, text: string): Promise<CommentDoc> {
      return act(actor, await find(facebookCommentId), 'note', text)
    },

    async setStatus(actor: Actor, facebookCommentId: string, status: 'open' | 'done'): Promise<CommentDoc> {
      const comment = await find(facebookCommentId)
      return act(
        actor,
        comment,
        status === 'done' ? 'done' : 'reopen',
        null,
        { status },
        {
          before: { status: comment.status },
          after: { status },
        },
      )
    },

    /** Saved replies; a fresh install gets a few in Dutch and English. */
    async savedReplies(): Promise<SavedReplyDoc[]> {
      if ((await models.savedReplies.estimatedDocumentCount()) === 0) {
        await models.savedReplies.insertMany(DEFAULT_SAVED_REPLIES.map((r) => ({ ...r })))
      }
      return models.savedReplies.find().sort({ language: 1, name: 1 }).lean<SavedReplyDoc[]>()
    },

    async createSavedReply(actor: Actor, body: SavedReplyBody): Promise<SavedReplyDoc> {
      const created = await models.savedReplies.create(body)
      await audit.record(actor, {
        action: 'comment.saved_reply.create',
        target: { type: 'saved_reply', id: String(created._id), label: body.name },
        after: { ...body },
      })
      return created.toObject() as SavedReplyDoc
    },

    async deleteSavedReply(actor: Actor, id: string): Promise<void> {
      const removed = await models.savedReplies
        .findOneAndDelete({ _id: new Types.ObjectId(id) })
        .lean<SavedReplyDoc>()
      if (!removed) throw new NotFound('comments.savedReplyNotFound')
      await audit.record(actor, {
        action: 'comment.saved_reply.delete',
        target: { type: 'saved_reply', id, label: removed.name },
        before: { text: removed.text },
      })
    },

    /** The page's word list (its own or the defaults) and business hours. */
    async settings(facebookPageId: string) {
      const page = await pageOf(facebookPageId)
      const [{ version, words }, settings] = await Promise.all([
        classifiers.wordsOf(page.facebookPageId),
        classifiers.settingsOf(page.facebookPageId),
      ])
      const hours = settings?.businessHours
      return {
        page,
        version,
        words: [...words],
        businessHours: hours?.start && hours.end ? { start: hours.start, end: hours.end } : null,
      }
    },

    /** Saves the page's list (the next comments use it) and, when asked, re-applies it to past comments. */
    async updateSettings(actor: Actor, facebookPageId: string, body: SettingsBody) {
      const before = await this.settings(facebookPageId)
      const changed = JSON.stringify(before.words) !== JSON.stringify(body.words)
      const businessHours = body.businessHoursStart
        ? { start: body.businessHoursStart, end: body.businessHoursEnd }
        : { start: null, end: null }
      await models.commentSettings.updateOne(
        { facebookPageId: before.page.facebookPageId },
        {
          $set: { words: body.words, businessHours },
          $inc: { wordListVersion: changed ? 1 : 0 },
        },
        { upsert: true },
      )
      await audit.record(actor, {
        action: 'comment.settings',
        target: { type: 'page', id: String(before.page.id), label: before.page.name },
        pageId: before.page.facebookPageId,
        before: { words: before.words.length, businessHours: before.businessHours },
        after: { words: body.words.length, businessHours: body.businessHoursStart ? businessHours : null },
      })
      if (body.reapply) await this.queueReclassify(before.page.facebookPageId)
      return this.settings(facebookPageId)
    },

    async queueReclassify(facebookPageId: string): Promise<void> {
      await enqueue(
        requireQueues(),
        'reclassify',
        { facebookPageId },
        { removeOnComplete: 50, removeOnFail: 50 },
      )
    },

    /** Worker: re-classifies a page's comments with its current list, in batches. */
    async reclassifyPage(facebookPageId: string): Promise<{ comments: number }> {
      const page = await pageOf(facebookPageId)
      let after: string | null = null
      let count = 0
      for (;;) {
        const query: QueryFilter<CommentDoc> = {
          facebookPageId: page.facebookPageId,
          byPage: false,
          removed: false,
        }
        if (after) query._id = { $gt: after }
        const batch = await models.comments.find(query).sort({ _id: 1 }).limit(200).lean<CommentDoc[]>()
        if (batch.length === 0) return { comments: count }
        for (const comment of batch) if (await applier.reclassify(page, comment)) count++
        after = batch[batch.length - 1]?._id ?? null
      }
    },

    /** Queues an import of the page's recent posts' comments; progress is kept on the run. */
    async startImport(
      facebookPageId: string,
      reason: 'connect' | 'schedule' | 'manual',
      days: number,
    ): Promise<CommentImportDoc> {
      const page = await pageOf(facebookPageId)
      const run = await models.commentImports.create({
        facebookPageId: page.facebookPageId,
        reason,
        since: DateTime.utc().minus({ days }).toJSDate(),
      })
      await enqueue(
        requireQueues(),
        'backfill',
        { importId: String(run._id) },
        { jobId: `backfill:${run._id}`, removeOnComplete: 50, removeOnFail: 50 },
      )
      return run.toObject() as CommentImportDoc
    },

    runImport,

    /** Worker, on schedule: every connected page imports its last few days, catching what webhooks missed. */
    async importAllPages(days: number): Promise<{ pages: number }> {
      const list = await pages.list()
      for (const page of list) {
        const run = await models.commentImports.create({
          facebookPageId: page.facebookPageId,
          reason: 'schedule',
          since: DateTime.utc().minus({ days }).toJSDate(),
        })
        try {
          await runImport(String(run._id))
        } catch {
          // One page's broken token must not stop the others; the run shows the error.
        }
      }
      return { pages: list.length }
    },

    /** The latest import per page, newest first. */
    async latestImports(): Promise<CommentImportDoc[]> {
      const runs = await models.commentImports
        .find()
        .sort({ createdAt: -1 })
        .limit(50)
        .lean<CommentImportDoc[]>()
      const seen = new Set<string>()
      return runs.filter((r) => !seen.has(r.facebookPageId) && seen.add(r.facebookPageId))
    },

    /** Worker: applies one stored webhook event (a repeat after it was applied is a no-op). */
    async applyStoredEvent(key: string): Promise<string> {
      const event = await models.webhookEvents.findOne({ _id: String(key) }).lean<WebhookEventDoc>()
      if (!event) return 'missing'
      if (event.appliedAt) return 'already applied'
      const result = await applier.apply(event.facebookPageId, event.value as CommentChange)
      await models.webhookEvents.updateOne({ _id: event._id }, { $set: { appliedAt: new Date() } })
      return result
    },

    /** Called when a page is connected: import its last 30 days. */
    async onPageConnected(page: Page): Promise<void> {
      if (!queues) return
      await this.startImport(page.facebookPageId, 'connect', CONNECT_IMPORT_DAYS)
    },

    live,
  }
}

export type CommentService = ReturnType<typeof createCommentService>
