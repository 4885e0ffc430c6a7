// Comments: listing with filter/order/summary/paging, commenting and replying as the page,
// reading one comment, hiding/unhiding, editing the page's own comments and deleting.
import { GraphApiError, invalidParameter, permissionError } from '../errors.js'
import type { GraphContext, GraphRouter, Target } from '../graph-router.js'
import { pagedAnswer } from '../listing.js'
import type { SandboxComment } from '../model.js'
import { parseBoolean, parseTime } from '../params.js'
import { MODERATE, READ_COMMENTS, requirePageAccess, requireToken } from '../permissions.js'
import { assertFields, serializeComment } from '../serialize.js'
import { emitCommentChange } from '../webhooks/feed-events.js'

type CommentTarget = Extract<Target, { kind: 'comment' }>
type PostOrComment = Extract<Target, { kind: 'post' | 'comment' }>

function pageOf(ctx: GraphContext, target: PostOrComment): string {
  if (target.kind === 'post') return target.post.pageId
  return ctx.runtime.state.posts.get(target.comment.postId)?.pageId ?? ''
}

function listComments(ctx: GraphContext, target: PostOrComment) {
  requirePageAccess(ctx.runtime.state, ctx.token, pageOf(ctx, target), READ_COMMENTS)
  const { state } = ctx.runtime
  assertFields('Comment', ctx.params.fields)
  const filter = ctx.params.filter ?? 'toplevel'
  if (filter !== 'toplevel' && filter !== 'stream')
    throw invalidParameter('Param filter must be one of {toplevel, stream}')
  const order = ctx.params.order ?? 'chronological'
  if (order !== 'chronological' && order !== 'reverse_chronological') {
    throw invalidParameter('Param order must be one of {chronological, reverse_chronological}')
  }
  const ids =
    target.kind === 'comment'
      ? target.comment.replyIds
      : filter === 'stream'
        ? target.post.streamIds
        : target.post.commentIds
  const since = parseTime(ctx.params, 'since')
  const until = parseTime(ctx.params, 'until')
  const include = (id: string) => {
    const comment = state.comments.get(id) as SandboxComment
    if (comment.deleted) return false
    return (
      (since === undefined || comment.createdTime >= since) &&
      (until === undefined || comment.createdTime <= until)
    )
  }
  const summary = parseBoolean(ctx.params, 'summary', false)
    ? {
        summary: {
          order,
          total_count: ids.reduce((count, id) => count + (state.comments.get(id)?.deleted ? 0 : 1), 0),
          can_comment: target.kind === 'post' || !target.comment.parentId,
        },
      }
    : {}
  return pagedAnswer(
    ctx,
    {
      ids,
      seqOf: (id) => state.comments.get(id)?.seq ?? 0,
      include,
      reverse: order === 'reverse_chronological',
    },
    (id) => serializeComment(state.comments.get(id) as SandboxComment, ctx.serialize, ctx.params.fields),
    summary,
  )
}

function addComment(ctx: GraphContext, target: PostOrComment) {
  const token = requireToken(ctx.token)
  if (token.type === 'USER') {
    throw new GraphApiError(400, {
      message: '(#1705) There was an error posting to this wall',
      type: 'OAuthException',
      code: 1705,
    })
  }
  const pageId = pageOf(ctx, target)
  requirePageAccess(ctx.runtime.state, token, pageId, MODERATE)
  const { message } = ctx.params
  const attachment = ctx.params.attachment_url ?? ctx.params.attachment_share_url ?? ctx.params.attachment_id
  if (!message && !attachment) throw invalidParameter('Missing message or attachment')
  const page = ctx.runtime.state.pages.get(pageId)
  const comment = ctx.runtime.state.addComment({
    onId: target.id,
    from: { id: pageId, name: page?.name ?? '' },
    authorKind: 'page',
    message: message ?? '',
  })
  emitCommentChange(ctx.runtime, comment, 'add')
  return { id: comment.id }
}

function getComment(ctx: GraphContext, target: CommentTarget) {
  requirePageAccess(ctx.runtime.state, ctx.token, pageOf(ctx, target), READ_COMMENTS)
  return serializeComment(target.comment, ctx.serialize, ctx.params.fields)
}

function updateComment(ctx: GraphContext, target: CommentTarget) {
  requirePageAccess(ctx.runtime.state, ctx.token, pageOf(ctx, target), MODERATE)
  const { comment } = target
  const { message } = ctx.params
  const hidden = ctx.params.is_hidden === undefined ? undefined : parseBoolean(ctx.params, 'is_hidden', false)
  if (hidden === undefined && message === undefined)
    throw invalidParameter('Nothing to update: send is_hidden or message')
  if (hidden !== undefined) {
    if (comment.authorKind === 'page') throw invalidParameter('A comment made by the page cannot be hidden')
    if (comment.isHidden !== hidden) {
      comment.isHidden = hidden
      emitCommentChange(ctx.runtime, comment, hidden ? 'hide' : 'unhide')
    }
  }
  if (message !== undefined) {
    if (comment.authorKind !== 'page') throw permissionError('Only the author can edit a comment')
    if (!message) throw invalidParameter('Missing message or attachment')
    comment.message = message
    emitCommentChange(ctx.runtime, comment, 'edited')
  }
  ctx.runtime.state.markDirty()
  return { success: true }
}

function deleteComment(ctx: GraphContext, target: CommentTarget) {
  requirePageAccess(ctx.runtime.state, ctx.token, pageOf(ctx, target), MODERATE)
  const { state } = ctx.runtime
  target.comment.deleted = true
  // deleting a comment takes its replies with it
  for (const replyId of target.comment.replyIds) {
    const reply = state.comments.get(replyId)
    if (reply) reply.deleted = true
  }
  emitCommentChange(ctx.runtime, target.comment, 'remove')
  state.markDirty()
  return { success: true }
}

export function registerCommentRoutes(router: GraphRouter): void {
  router.on('GET', 'post', 'comments', listComments)
  router.on('GET', 'comment', 'comments', listComments)
  router.on('POST', 'post', 'comments', addComment)
  router.on('POST', 'comment', 'comments', addComment)
  router.on('GET', 'comment', '', getComment)
  router.on('POST', 'comment', '', updateComment)
  router.on('DELETE', 'comment', '', deleteComment)
}
