// The reads of stored comments: the inbox list and threads, page-wide batches, answered comments.
import type { Connection, QueryFilter } from 'mongoose'
import { initModels, modelOn } from '../../store.js'
import { type Comment, toComment } from './comment-repository.js'
import { type CommentDoc, CommentSchema } from './model.js'
import type { InboxFilter } from './schemas.js'
import { literalPattern } from './search.js'

export async function createInboxRepository(connection: Connection) {
  const comments = modelOn(connection, 'Comment', CommentSchema)
  await initModels(comments)

  return {
    /** A fan's comment (not one of the page's own replies). */
    async fanComment(id: string): Promise<Comment | null> {
      const doc = await comments.findOne({ _id: String(id), byPage: false }).lean<CommentDoc>()
      return doc ? toComment(doc) : null
    },

    /** Complaints first, then negative ones, then the oldest. */
    /** `scope`: only comments on these pages (Facebook ids; null: every page). */
    async list(filter: InboxFilter, scope: string[] | null = null): Promise<Comment[]> {
      // Every value below is a validated string, never an object from the request.
      const query: QueryFilter<CommentDoc> = { byPage: false, removed: false, contentVersion: { $gt: 0 } }
      if (filter.status !== 'all') query.status = filter.status
      if (filter.page) query.facebookPageId = String(filter.page)
      else if (scope) query.facebookPageId = { $in: scope.map(String) }
      if (filter.post) query.postId = String(filter.post)
      if (filter.sentiment) query.sentiment = filter.sentiment
      if (filter.category) query.category = filter.category
      if (filter.complaint) query.complaint = filter.complaint === 'yes'
      if (filter.assignee) query.assigneeId = filter.assignee === 'none' ? null : String(filter.assignee)
      // Searches match the typed text literally (escaped), case-insensitively.
      if (filter.q) query.message = { $regex: literalPattern(filter.q), $options: 'i' }
      if (filter.author) query['from.name'] = { $regex: literalPattern(filter.author), $options: 'i' }
      const docs = await comments
        .find(query, { actions: 0, counted: 0 })
        .sort({ priority: 1, createdTime: 1, _id: 1 })
        .limit(filter.limit)
        .lean<CommentDoc[]>()
      return docs.map(toComment)
    },

    /**
     * Open fan comments on these pages (null: every page) that Fanfare received after `since` (null:
     * ever): by when it was stored, so a comment a backfill found late still counts as new.
     */
    async countOpen(scope: string[] | null, since: Date | null, complaintsOnly = false): Promise<number> {
      const query: QueryFilter<CommentDoc> = {
        byPage: false,
        removed: false,
        status: 'open',
        contentVersion: { $gt: 0 },
      }
      if (scope) query.facebookPageId = { $in: scope.map(String) }
      if (since) query.createdAt = { $gt: since }
      if (complaintsOnly) query.complaint = true
      return comments.countDocuments(query)
    },

    /** Open complaints on these pages, the longest waiting first. */
    async openComplaints(scope: string[] | null, limit: number): Promise<Comment[]> {
      const query: QueryFilter<CommentDoc> = {
        byPage: false,
        removed: false,
        status: 'open',
        complaint: true,
      }
      if (scope) query.facebookPageId = { $in: scope.map(String) }
      const docs = await comments
        .find(query, { actions: 0, counted: 0 })
        .sort({ createdTime: 1, _id: 1 })
        .limit(limit)
        .lean<CommentDoc[]>()
      return docs.map(toComment)
    },

    async root(id: string): Promise<Comment | null> {
      const doc = await comments.findOne({ _id: String(id) }).lean<CommentDoc>()
      return doc ? toComment(doc) : null
    },

    async replies(rootId: string): Promise<Comment[]> {
      const docs = await comments
        .find({ parentId: String(rootId), removed: false })
        .sort({ createdTime: 1 })
        .lean<CommentDoc[]>()
      return docs.map(toComment)
    },

    /** The page's fans' comments after `after` (by id), `limit` at a time. */
    async fanCommentsOfPage(facebookPageId: string, after: string | null, limit: number): Promise<Comment[]> {
      const query: QueryFilter<CommentDoc> = { facebookPageId, byPage: false, removed: false }
      if (after) query._id = { $gt: after }
      const docs = await comments.find(query).sort({ _id: 1 }).limit(limit).lean<CommentDoc[]>()
      return docs.map(toComment)
    },

    /** Response times of the comments first answered in the period (two fields each). */
    async answered(
      facebookPageIds: string[],
      from: Date,
      to: Date,
    ): Promise<Array<Pick<Comment, 'responseSeconds' | 'firstResponseBy'>>> {
      return comments
        .find(
          { facebookPageId: { $in: facebookPageIds.map(String) }, firstResponseAt: { $gte: from, $lte: to } },
          { _id: 0, responseSeconds: 1, firstResponseBy: 1 },
        )
        .lean<Array<Pick<Comment, 'responseSeconds' | 'firstResponseBy'>>>()
    },
  }
}

export type InboxRepository = Awaited<ReturnType<typeof createInboxRepository>>
