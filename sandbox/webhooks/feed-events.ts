// Turns comment changes into page feed webhook changes, for pages that installed the app.
import type { SandboxComment } from '../model.js'
import type { SandboxRuntime } from '../runtime.js'
import type { FeedChangeValue } from './deliverer.js'

export function emitCommentChange(
  runtime: SandboxRuntime,
  comment: SandboxComment,
  verb: FeedChangeValue['verb'],
): void {
  const post = runtime.state.posts.get(comment.postId)
  const page = post ? runtime.state.pages.get(post.pageId) : undefined
  if (!post || !page) return
  const installed = page.installedApps[runtime.app.appId]
  const subscription = runtime.state.subscription
  if (!installed?.includes('feed') || !subscription?.active || !subscription.fields.includes('feed')) return
  runtime.webhooks.enqueue(page.id, {
    item: 'comment',
    verb,
    // A real remove carries neither created_time nor message (restfb's feed-comment-remove-25.json).
    ...(verb === 'remove'
      ? {}
      : {
          created_time: verb === 'add' ? comment.createdTime : runtime.state.nowSec(),
          message: comment.message,
        }),
    post_id: post.id,
    comment_id: comment.id,
    parent_id: comment.parentId ?? post.id,
    from: comment.from,
  })
}
