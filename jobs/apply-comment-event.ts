// Applies stored webhook deliveries to their comments (idempotent: a repeat changes nothing), and
// passes fans' new, edited and removed comments on to comment-to-enter contests on the same post.
// Deliveries whose jobs arrive while others are being applied go together in one run.
import { coalesced } from '../src/coalesce.js'
import type { CampaignsModule } from '../src/modules/campaigns/index.js'
import type { CommentsModule } from '../src/modules/comments/index.js'
import type { CommentChange, FeedEvent } from '../src/modules/comments/webhook.js'
import type { JobData } from '../src/queues.js'

/** Deliveries applied in one run at most (each of up to a few hundred comment changes). */
const MAX_DELIVERIES_PER_RUN = 16

type Deps = { comments: CommentsModule; campaigns: Pick<CampaignsModule, 'comments'> }

/** A fan's comment (not the page's own reply) that was added or edited can be a contest entry. */
function mayEnterContest(facebookPageId: string, change: CommentChange): boolean {
  return (
    (change.verb === 'add' || change.verb === 'edited') &&
    Boolean(change.from) &&
    change.from?.id !== facebookPageId
  )
}

/**
 * Safe to repeat: an entry per commenter is unique, so a redelivery or a backfill adds nothing.
 * The posts' campaigns are read once for all the events; each post's events go in delivery order.
 */
async function enterContests(deps: Deps, events: FeedEvent[]): Promise<void> {
  if (events.length === 0) return
  const contests = await deps.campaigns.comments.onPosts(events.map((e) => e.change.post_id))
  if (contests.size === 0) return
  for (const { facebookPageId, change } of events) {
    const onPost = contests.get(change.post_id)
    if (!onPost) continue
    // A fan who deletes their comment takes back the contest entry it made.
    if (change.verb === 'remove') await onPost.withdraw(change.comment_id)
    else if (mayEnterContest(facebookPageId, change))
      await onPost.record(facebookPageId, {
        id: change.comment_id,
        message: change.message,
        createdTime: new Date(change.created_time * 1000),
        from: change.from ? { id: change.from.id, name: change.from.name } : null,
        parentId: change.parent_id,
      })
  }
}

/** Per worker app: the deliveries of concurrent jobs, applied together. */
const runners = new WeakMap<CommentsModule, (key: string) => Promise<string[]>>()
function runnerFor(deps: Deps) {
  let run = runners.get(deps.comments)
  if (!run) {
    run = coalesced(async (keys: string[]) => {
      const applied = await deps.comments.deliveries.applyMany(keys, (events) => enterContests(deps, events))
      return applied.map((a) => (typeof a === 'string' ? [a] : a.results))
    }, MAX_DELIVERIES_PER_RUN)
    runners.set(deps.comments, run)
  }
  return run
}

export async function applyCommentEvent(
  data: JobData['apply-event'],
  deps: Deps,
): Promise<{ results: string[] }> {
  // Jobs queued by older versions carry one comment's changes instead of a stored delivery.
  if (data.facebookPageId && data.changes) {
    const facebookPageId = data.facebookPageId
    const events = data.changes.map((change) => ({ key: data.key, facebookPageId, change }))
    const results = await deps.comments.deliveries.applyEvents(events)
    await enterContests(deps, events)
    return { results }
  }
  return { results: await runnerFor(deps)(data.key) }
}
