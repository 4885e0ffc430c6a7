// What moderators do to a comment: reply, hide, delete (through Graph), assign, note, close — each
// recorded on the comment's thread and in the audit log.
import { Conflict, NotFound } from '../../errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { PageService } from '../pages/service.js'
import type { TeamService } from '../team/service.js'
import type { CommentApplier } from './apply.js'
import type { Comment, CommentFields, CommentRepository } from './comment-repository.js'
import type { Inbox } from './inbox.js'
import { fillPlaceholders, firstNameOf } from './replies.js'
import type { ReplyBody } from './schemas.js'
import type { SettingsRepository } from './settings-repository.js'

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text)

type Audited = { before?: Record<string, unknown>; after?: Record<string, unknown> }

export function createModeration(deps: {
  comments: CommentRepository
  savedReplies: Pick<SettingsRepository, 'savedReply'>
  inbox: Pick<Inbox, 'find'>
  applier: Pick<CommentApplier, 'markAnswered'>
  audit: AuditLog
  pages: Pick<PageService, 'findByFacebookId' | 'withPageToken'>
  team: Pick<TeamService, 'findActive'>
  graph: GraphClient
}) {
  const { comments, savedReplies, inbox, applier, audit, pages, team, graph } = deps

  /**
   * Records an action on the comment's thread (with the fields it sets, decided from the comment as
   * stored) and in the audit log.
   */
  async function act(
    actor: Actor,
    commentId: string,
    kind: string,
    text: string | null,
    fields: (current: Comment) => CommentFields = () => ({}),
    audited: (before: Comment) => Audited = () => ({}),
  ): Promise<Comment> {
    const action = { at: new Date(), kind, by: { userId: actor.userId, name: actor.name }, text }
    const { before, after } = await comments.change(commentId, (current) => {
      if (!current) throw new NotFound('comments.notFound')
      return { ...fields(current), actions: [...current.actions, action] }
    })
    const was = before as Comment
    const { before: auditBefore, after: auditAfter } = audited(was)
    await audit.record(actor, {
      action: `comment.${kind}`,
      target: { type: 'comment', id: was.facebookCommentId, label: excerpt(was.message ?? '') },
      pageId: was.facebookPageId,
      before: auditBefore ?? null,
      after: auditAfter ?? (text ? { text } : null),
    })
    return after as Comment
  }

  return {
    /** Replies as the page (on the top-level comment: Graph allows one level) and records the first response. */
    async reply(actor: Actor, facebookCommentId: string, body: ReplyBody): Promise<Comment> {
      const comment = await inbox.find(facebookCommentId)
      if (comment.removed) throw new Conflict('comments.removed')
      const page = await pages.findByFacebookId(comment.facebookPageId)
      let message = body.message ?? ''
      if (!message && body.savedReplyId)
        message = (await savedReplies.savedReply(body.savedReplyId))?.text ?? ''
      message = fillPlaceholders(message, { firstName: firstNameOf(comment), orderNumber: body.orderNumber })
      const target = comment.parentId ?? comment.facebookCommentId
      const answer = await pages.withPageToken(page, (token) => graph.replyToComment(target, token, message))
      const now = new Date()
      // The webhook for our own reply may be faster; then it stored the same reply.
      await comments.change(answer.id, (current) =>
        current
          ? null
          : {
              facebookPageId: page.facebookPageId,
              postId: comment.postId,
              parentId: target,
              from: { id: page.facebookPageId, name: page.name },
              byPage: true,
              message,
              createdTime: now,
              contentVersion: Math.floor(now.getTime() / 1000) * 10 + 1,
              status: 'done',
            },
      )
      await applier.markAnswered(page, comment.facebookCommentId, now, {
        userId: actor.userId,
        name: actor.name,
      })
      return act(
        actor,
        comment.id,
        'reply',
        message,
        () => ({ status: 'done' }),
        () => ({ after: { replyId: answer.id, message } }),
      )
    },

    async setHidden(actor: Actor, facebookCommentId: string, hidden: boolean): Promise<Comment> {
      const comment = await inbox.find(facebookCommentId)
      const page = await pages.findByFacebookId(comment.facebookPageId)
      // Set first, so the webhook Facebook sends for this very change finds nothing to do.
      await comments.change(comment.id, (current) =>
        current && current.hidden !== hidden ? { hidden } : null,
      )
      try {
        await pages.withPageToken(page, (token) =>
          graph.setCommentHidden(comment.facebookCommentId, token, hidden),
        )
      } catch (err) {
        await comments.change(comment.id, (current) =>
          current && current.hidden === hidden ? { hidden: comment.hidden } : null,
        )
        throw err
      }
      return act(
        actor,
        comment.id,
        hidden ? 'hide' : 'unhide',
        null,
        () => ({ hidden }),
        () => ({ before: { hidden: comment.hidden }, after: { hidden } }),
      )
    },

    async remove(actor: Actor, facebookCommentId: string): Promise<Comment> {
      const comment = await inbox.find(facebookCommentId)
      const page = await pages.findByFacebookId(comment.facebookPageId)
      await pages.withPageToken(page, (token) => graph.deleteComment(comment.facebookCommentId, token))
      return act(
        actor,
        comment.id,
        'delete',
        null,
        () => ({ removed: true, removedAt: new Date(), status: 'done' }),
        (before) => ({ before: { message: before.message } }),
      )
    },

    async assign(actor: Actor, facebookCommentId: string, assigneeId: string | undefined): Promise<Comment> {
      const comment = await inbox.find(facebookCommentId)
      let assignee: { id: string; name: string } | null = null
      if (assigneeId) {
        const user = await team.findActive(assigneeId)
        if (!user) throw new NotFound('userNotFound')
        assignee = { id: user.id, name: user.name }
      }
      return act(
        actor,
        comment.id,
        'assign',
        assignee?.name ?? null,
        () => ({ assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null }),
        (before) => ({
          before: { assignee: before.assigneeName ?? null },
          after: { assignee: assignee?.name ?? null },
        }),
      )
    },

    async note(actor: Actor, facebookCommentId: string, text: string): Promise<Comment> {
      return act(actor, (await inbox.find(facebookCommentId)).id, 'note', text)
    },

    async setStatus(actor: Actor, facebookCommentId: string, status: 'open' | 'done'): Promise<Comment> {
      const comment = await inbox.find(facebookCommentId)
      return act(
        actor,
        comment.id,
        status === 'done' ? 'done' : 'reopen',
        null,
        () => ({ status }),
        (before) => ({ before: { status: before.status }, after: { status } }),
      )
    },
  }
}

export type Moderation = ReturnType<typeof createModeration>
