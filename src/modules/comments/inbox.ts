// What moderators read: the inbox list and a comment's thread with its post (from Graph).
import { NotFound } from '../../errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { PageService } from '../pages/service.js'
import type { Comment } from './comment-repository.js'
import type { InboxRepository } from './inbox-repository.js'
import type { InboxFilter } from './schemas.js'

export type Thread = {
  comment: Comment
  root: Comment
  replies: Comment[]
  post: { id: string; message: string | null; permalinkUrl: string | null } | null
}

export function createInbox(deps: {
  inbox: InboxRepository
  pages: Pick<PageService, 'findByFacebookId' | 'withPageToken'>
  graph: Pick<GraphClient, 'getPost'>
}) {
  const { inbox, pages, graph } = deps

  async function find(facebookCommentId: string): Promise<Comment> {
    const comment = await inbox.fanComment(facebookCommentId)
    if (!comment) throw new NotFound('comments.notFound')
    return comment
  }

  return {
    find,

    /** Open comments, complaints first, then negative ones, then the oldest. */
    list: (filter: InboxFilter, scope: string[] | null = null) => inbox.list(filter, scope),

    /** Open comments that arrived after the member last looked at the inbox (`seenAt` null: all open ones). */
    unread: (scope: string[] | null, seenAt: Date | null) => inbox.countOpen(scope, seenAt),

    /** What a moderator's home shows: open comments and complaints, the longest-waiting complaints. */
    async workload(scope: string[] | null, limit = 8) {
      const [open, complaints, oldest] = await Promise.all([
        inbox.countOpen(scope, null),
        inbox.countOpen(scope, null, true),
        inbox.openComplaints(scope, limit),
      ])
      return { open, complaints, oldest }
    },

    /** The page a comment lives on, or null when there is no such comment (for the page scope). */
    async pageOf(facebookCommentId: string): Promise<{ facebookPageId: string } | null> {
      const comment = await inbox.root(facebookCommentId)
      return comment ? { facebookPageId: comment.facebookPageId } : null
    },

    /** The comment, the thread it belongs to and the post (null when Graph cannot say). */
    async thread(facebookCommentId: string): Promise<Thread> {
      const comment = await find(facebookCommentId)
      const rootId = comment.parentId ?? comment.facebookCommentId
      const [root, replies] = await Promise.all([inbox.root(rootId), inbox.replies(rootId)])
      let post: Thread['post'] = null
      try {
        const page = await pages.findByFacebookId(comment.facebookPageId)
        const p = await pages.withPageToken(page, (token) => graph.getPost(comment.postId, token))
        post = { id: p.id, message: p.message ?? null, permalinkUrl: p.permalinkUrl ?? null }
      } catch {
        post = null
      }
      return { comment, root: root ?? comment, replies, post }
    },
  }
}

export type Inbox = ReturnType<typeof createInbox>
