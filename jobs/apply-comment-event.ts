// Applies one stored webhook event to its comment (idempotent: a repeat changes nothing), and passes
// fans' new and edited comments on to comment-to-enter contests on the same post.

import type { CampaignsModule } from '../src/modules/campaigns/index.js'
import type { CommentsModule } from '../src/modules/comments/index.js'
import type { CommentChange } from '../src/modules/comments/webhook.js'
import type { JobData } from '../src/queues.js'

/** A fan's comment (not the page's own reply) that was added or edited can be a contest entry. */
function mayEnterContest(facebookPageId: string, change: CommentChange): boolean {
  return (
    (change.verb === 'add' || change.verb === 'edited') &&
    Boolean(change.from) &&
    change.from?.id !== facebookPageId
  )
}

export async function applyCommentEvent(
  data: JobData['apply-event'],
  deps: { comments: CommentsModule; campaigns: Pick<CampaignsModule, 'comments'> },
): Promise<{ results: string[] }> {
  const { comments } = deps
  const campaignComments = deps.campaigns.comments
  // The job carries the changes of one comment from one delivery, applied in order; older jobs
  // only the key of the stored event.
  if (!data.facebookPageId || !data.changes) return { results: [await comments.applyStoredEvent(data.key)] }
  const results: string[] = []
  for (const change of data.changes) {
    results.push(await comments.applier.apply(data.facebookPageId, change))
    // A fan who deletes their comment takes back the contest entry it made.
    if (change.verb === 'remove') {
      await campaignComments.withdrawCommentEntry({ postId: change.post_id, commentId: change.comment_id })
      continue
    }
    if (!mayEnterContest(data.facebookPageId, change)) continue
    // Safe to repeat: an entry per commenter is unique, so a redelivery or a backfill adds nothing.
    await campaignComments.recordCommentEntry({
      facebookPageId: data.facebookPageId,
      postId: change.post_id,
      comment: {
        id: change.comment_id,
        message: change.message,
        createdTime: new Date(change.created_time * 1000),
        from: change.from ? { id: change.from.id, name: change.from.name } : null,
        parentId: change.parent_id,
      },
    })
  }
  return { results }
}
