// Applies one stored webhook delivery to its comments (idempotent: a repeat changes nothing), and
// passes fans' new, edited and removed comments on to comment-to-enter contests on the same post.
import type { CampaignsModule } from '../src/modules/campaigns/index.js'
import type { CommentsModule } from '../src/modules/comments/index.js'
import type { CommentChange, FeedEvent } from '../src/modules/comments/webhook.js'
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
  // Safe to repeat: an entry per commenter is unique, so a redelivery or a backfill adds nothing.
  // Each post's campaigns are read once per delivery; its events then go in delivery order.
  const enterContests = async (events: FeedEvent[]) => {
    const byPost = new Map<string, FeedEvent[]>()
    for (const e of events) byPost.set(e.change.post_id, [...(byPost.get(e.change.post_id) ?? []), e])
    for (const [postId, onPost] of byPost) {
      const contests = await campaignComments.onPost((onPost[0] as FeedEvent).facebookPageId, postId)
      if (!contests) continue
      for (const { facebookPageId, change } of onPost) {
        // A fan who deletes their comment takes back the contest entry it made.
        if (change.verb === 'remove') await contests.withdraw(change.comment_id)
        else if (mayEnterContest(facebookPageId, change))
          await contests.record({
            id: change.comment_id,
            message: change.message,
            createdTime: new Date(change.created_time * 1000),
            from: change.from ? { id: change.from.id, name: change.from.name } : null,
            parentId: change.parent_id,
          })
      }
    }
  }
  // Jobs queued by older versions carry one comment's changes instead of a stored delivery.
  if (data.facebookPageId && data.changes) {
    const facebookPageId = data.facebookPageId
    const events = data.changes.map((change) => ({ key: data.key, facebookPageId, change }))
    const results = await comments.deliveries.applyEvents(events)
    await enterContests(events)
    return { results }
  }
  const applied = await comments.deliveries.apply(data.key, enterContests)
  return { results: typeof applied === 'string' ? [applied] : applied.results }
}
