// Applies one comment change to the stored comment so that any order of duplicates, edits and
// removals ends in the same state: content carries a version (event time, then verb), a removal
// is a tombstone no later "add" clears, and every write is one conditional single-document update.
import type { Models } from '../../models.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import { type Barometer, type Counted, countedFor } from './barometer.js'
import { listedTermsIn, type PageClassifiers, priorityOf } from './classification.js'
import type { LiveFeed } from './live.js'
import type { CommentDoc } from './model.js'
import { type BusinessHours, responseSeconds } from './response-time.js'
import type { CommentChange } from './webhook.js'

/** Within one second an edit beats the add it edits. */
const VERB_RANK: Record<string, number> = { add: 1, edited: 2, edit: 2 }

export type ApplyResult = 'applied' | 'stale' | 'skipped'

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000

export function createCommentApplier(deps: {
  models: Models
  pages: Pick<PageService, 'connectedByFacebookId'>
  classifiers: PageClassifiers
  barometer: Barometer
  live: LiveFeed
}) {
  const { models, pages, classifiers, barometer, live } = deps
  // A page's time zone and name rarely change; reading them once per event would double the queries.
  const pageCache = new Map<string, { page: Page | null; until: number }>()

  async function connectedPage(facebookPageId: string): Promise<Page | null> {
    const cached = pageCache.get(facebookPageId)
    if (cached && cached.until > Date.now()) return cached.page
    const page = await pages.connectedByFacebookId(facebookPageId)
    if (pageCache.size > 1000) pageCache.clear()
    pageCache.set(facebookPageId, { page, until: Date.now() + 5000 })
    return page
  }

  async function businessHoursOf(facebookPageId: string): Promise<BusinessHours> {
    const settings = await classifiers.settingsOf(facebookPageId)
    const hours = settings?.businessHours
    return hours?.start && hours.end ? { start: hours.start, end: hours.end } : null
  }

  /**
   * Records the first answer to a comment (from Fanfare or seen in the webhook); later ones change
   * nothing. An answer seen before its comment waits on a placeholder until the comment arrives.
   */
  async function markAnswered(
    page: Page,
    commentId: string,
    at: Date,
    by: { userId: string | null; name: string },
    postId?: string,
  ): Promise<boolean> {
    const comment = await models.comments.findOne({ _id: commentId }).lean<CommentDoc>()
    if (!comment && postId) {
      try {
        await models.comments.updateOne(
          { _id: commentId },
          {
            $setOnInsert: {
              facebookCommentId: commentId,
              facebookPageId: page.facebookPageId,
              postId,
              createdTime: null,
              firstResponseAt: at,
              firstResponseBy: by,
              responseSeconds: null,
            },
          },
          { upsert: true },
        )
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
      return true
    }
    if (!comment || comment.firstResponseAt) return false
    const started = comment.createdTime ?? at
    const seconds = responseSeconds(started, at, page.timeZone, await businessHoursOf(page.facebookPageId))
    const done = await models.comments.updateOne(
      { _id: commentId, firstResponseAt: null },
      { $set: { firstResponseAt: at, firstResponseBy: by, responseSeconds: seconds } },
    )
    return done.modifiedCount === 1
  }

  /** The comment arrived after its answer: now the response time can be computed. */
  async function settleEarlyAnswer(page: Page, commentId: string): Promise<void> {
    const comment = await models.comments.findOne({ _id: commentId }).lean<CommentDoc>()
    if (!comment?.firstResponseAt || typeof comment.responseSeconds === 'number' || !comment.createdTime)
      return
    const seconds = responseSeconds(
      comment.createdTime,
      comment.firstResponseAt,
      page.timeZone,
      await businessHoursOf(page.facebookPageId),
    )
    await models.comments.updateOne(
      { _id: commentId, responseSeconds: null },
      { $set: { responseSeconds: seconds } },
    )
  }

  async function ensureExists(
    page: Page,
    change: CommentChange,
    byPage: boolean,
    parentId: string | null,
  ): Promise<boolean> {
    try {
      const done = await models.comments.updateOne(
        { _id: change.comment_id },
        {
          $setOnInsert: {
            facebookCommentId: change.comment_id,
            facebookPageId: page.facebookPageId,
            postId: change.post_id,
            parentId,
            byPage,
            from: { id: change.from?.id ?? null, name: change.from?.name ?? null },
            createdTime: new Date(change.created_time * 1000),
            status: byPage ? 'done' : 'open',
          },
        },
        { upsert: true },
      )
      return done.upsertedCount === 1
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      return false
    }
  }

  /**
   * Sets the text and verdict when this change is newer than what is stored. An add carries the real
   * creation time and needs no read: one upsert creates or updates the comment.
   */
  async function applyContent(
    page: Page,
    change: CommentChange,
    byPage: boolean,
    parentId: string | null,
  ): Promise<ApplyResult> {
    const id = change.comment_id
    const version = change.created_time * 10 + (VERB_RANK[change.verb] ?? 2)
    const at = new Date(change.created_time * 1000)
    const isAdd = change.verb === 'add'
    let createdTime = at
    if (!isAdd) {
      await ensureExists(page, change, byPage, parentId)
      const current = await models.comments
        .findOne({ _id: id }, { createdTime: 1, contentVersion: 1, removed: 1 })
        .lean<CommentDoc>()
      if (!current || current.removed || current.contentVersion >= version) return 'stale'
      createdTime = current.createdTime ?? at
    }
    const message = change.message ?? ''
    const set: Record<string, unknown> = {
      message,
      contentVersion: version,
      from: { id: change.from?.id ?? null, name: change.from?.name ?? null },
    }
    let counted: Counted | null = null
    if (!byPage) {
      const { classifier, version: listVersion, words } = await classifiers.forPage(page.facebookPageId)
      const verdict = classifier.classify(message)
      counted = countedFor(createdTime, page.timeZone, verdict, listedTermsIn(message, words))
      Object.assign(set, {
        language: verdict.language,
        sentiment: verdict.sentiment,
        score: verdict.score,
        complaint: verdict.complaint,
        category: verdict.category,
        signals: verdict.signals,
        priority: priorityOf(verdict),
        wordListVersion: listVersion,
        counted,
      })
    }
    if (isAdd) set.createdTime = at
    let before: CommentDoc | null = null
    try {
      before = await models.comments
        .findOneAndUpdate(
          { _id: id, removed: false, contentVersion: { $lt: version } },
          {
            $set: set,
            ...(isAdd
              ? {
                  $setOnInsert: {
                    facebookCommentId: id,
                    facebookPageId: page.facebookPageId,
                    postId: change.post_id,
                    parentId,
                    byPage,
                    status: byPage ? 'done' : 'open',
                  },
                }
              : {}),
          },
          { returnDocument: 'before', upsert: isAdd },
        )
        .lean<CommentDoc>()
    } catch (err) {
      // The comment exists but is removed or newer: the add only brings its creation time.
      if (!isDuplicateKey(err)) throw err
      await models.comments.updateOne(
        { _id: id, $or: [{ createdTime: null }, { createdTime: { $gt: at } }] },
        { $set: { createdTime: at } },
      )
      return 'stale'
    }
    if (!before && !isAdd) return 'stale'
    if (!before) before = {} as CommentDoc
    if (!byPage && before.firstResponseAt && typeof before.responseSeconds !== 'number') {
      // A page reply arrived before this comment.
      await settleEarlyAnswer(page, id)
    }
    if (!byPage) {
      await barometer.recount(page.facebookPageId, (before.counted as Counted | null) ?? null, counted)
      if (!before.counted) {
        await live.publish({
          type: 'comment',
          id,
          facebookPageId: page.facebookPageId,
          flagged: Boolean(set.complaint) || set.sentiment === 'negative',
          receivedAt: Date.now(),
        })
      }
    }
    return 'applied'
  }

  return {
    markAnswered,

    async apply(facebookPageId: string, change: CommentChange): Promise<ApplyResult> {
      const page = await connectedPage(facebookPageId)
      if (!page) return 'skipped'
      const byPage = change.from?.id === facebookPageId
      const parentId = change.parent_id && change.parent_id !== change.post_id ? change.parent_id : null
      const at = new Date(change.created_time * 1000)
      switch (change.verb) {
        case 'remove': {
          await ensureExists(page, change, byPage, parentId)
          const done = await models.comments.updateOne(
            { _id: change.comment_id, removed: false },
            { $set: { removed: true, removedAt: at } },
          )
          return done.modifiedCount ? 'applied' : 'stale'
        }
        case 'hide':
        case 'unhide': {
          await ensureExists(page, change, byPage, parentId)
          const version = change.created_time * 10 + (change.verb === 'hide' ? 2 : 1)
          const done = await models.comments.updateOne(
            // Only a real change writes: the echo of a moderator's own hide finds the state already set.
            {
              _id: change.comment_id,
              hiddenVersion: { $lt: version },
              hidden: change.verb !== 'hide',
            },
            { $set: { hidden: change.verb === 'hide', hiddenVersion: version } },
          )
          return done.modifiedCount ? 'applied' : 'stale'
        }
        default: {
          const result = await applyContent(page, change, byPage, parentId)
          const name = change.from?.name ?? page.name
          if (byPage && parentId)
            await markAnswered(page, parentId, at, { userId: null, name }, change.post_id)
          return result
        }
      }
    },

    /** Re-classifies one stored comment with the page's current list (no-op when an edit raced it). */
    async reclassify(page: Page, comment: CommentDoc): Promise<boolean> {
      const { classifier, version: listVersion, words } = await classifiers.forPage(page.facebookPageId)
      const verdict = classifier.classify(comment.message ?? '')
      const counted = countedFor(
        comment.createdTime ?? new Date(),
        page.timeZone,
        verdict,
        listedTermsIn(comment.message ?? '', words),
      )
      const before = await models.comments
        .findOneAndUpdate(
          { _id: comment._id, contentVersion: comment.contentVersion, removed: false },
          {
            $set: {
              language: verdict.language,
              sentiment: verdict.sentiment,
              score: verdict.score,
              complaint: verdict.complaint,
              category: verdict.category,
              signals: verdict.signals,
              priority: priorityOf(verdict),
              wordListVersion: listVersion,
              counted,
            },
          },
          { returnDocument: 'before' },
        )
        .lean<CommentDoc>()
      if (!before) return false
      await barometer.recount(page.facebookPageId, (before.counted as Counted | null) ?? null, counted)
      return true
    },
  }
}

export type CommentApplier = ReturnType<typeof createCommentApplier>
