// Applies Facebook comment changes (from the webhook or a backfill) to the stored comments, moves
// the barometer by what each landed change counted, and tells the live inbox about new comments.
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import { createTally, type Tally } from './barometer-counting.js'
import type { BarometerRepository } from './barometer-repository.js'
import type { PageClassifiers } from './classification.js'
import {
  byPageOf,
  type ChangeContext,
  contentChange,
  firstAnswer,
  hiding,
  parentOf,
  removal,
  verdictFields,
} from './comment-changes.js'
import type { Changed, Comment, CommentRepository } from './comment-repository.js'
import type { LiveFeed } from './live.js'
import type { CommentChange } from './webhook.js'

export type ApplyResult = 'applied' | 'stale' | 'skipped'

export function createCommentApplier(deps: {
  comments: CommentRepository
  counters: Pick<BarometerRepository, 'move'>
  pages: Pick<PageService, 'connectedByFacebookId'>
  classifiers: PageClassifiers
  live: LiveFeed
}) {
  const { comments, counters, pages, classifiers, live } = deps
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

  async function contextOf(page: Page): Promise<ChangeContext> {
    return {
      facebookPageId: page.facebookPageId,
      timeZone: page.timeZone,
      classifier: await classifiers.forPage(page.facebookPageId),
    }
  }

  /** Counts what the landed write changed, and announces a comment counted for the first time. */
  async function landed(facebookPageId: string, { before, after }: Changed, tally: Tally) {
    if (!after || after.byPage || before === after) return
    tally.recount(facebookPageId, before?.counted ?? null, after.counted)
    if (!before?.counted && after.counted) {
      await live.publish({
        type: 'comment',
        id: after.id,
        facebookPageId,
        flagged: Boolean(after.complaint) || after.sentiment === 'negative',
        receivedAt: Date.now(),
      })
    }
  }

  async function applyIn(ctx: ChangeContext, page: Page, change: CommentChange, tally: Tally) {
    const id = change.comment_id
    const decide =
      change.verb === 'remove'
        ? removal(ctx, change)
        : change.verb === 'hide' || change.verb === 'unhide'
          ? hiding(ctx, change)
          : contentChange(ctx, change)
    const changed = await comments.change(id, decide)
    await landed(page.facebookPageId, changed, tally)
    const parentId = parentOf(change)
    const isContent = change.verb !== 'remove' && change.verb !== 'hide' && change.verb !== 'unhide'
    if (isContent && parentId && byPageOf(page.facebookPageId, change)) {
      const by = { userId: null, name: change.from?.name ?? page.name }
      const at = new Date(change.created_time * 1000)
      await comments.change(parentId, firstAnswer(ctx, { at, by, postId: change.post_id }))
    }
    return changed.before === changed.after ? 'stale' : 'applied'
  }

  return {
    /**
     * Applies one change. With a tally the counter moves wait for the caller's flush (a delivery
     * moves its counters once); without, they are written before this returns.
     */
    async apply(facebookPageId: string, change: CommentChange, tally?: Tally): Promise<ApplyResult> {
      const page = await connectedPage(facebookPageId)
      if (!page) return 'skipped'
      const own = tally ?? createTally(counters)
      const result = await applyIn(await contextOf(page), page, change, own)
      if (!tally) await own.flush()
      return result
    },

    /**
     * Applies a page's changes with one read of its page and classifier for all of them: `run`
     * gets the function applying one change (into the caller's tally), or none when the page is
     * not connected.
     */
    async forPage<T>(
      facebookPageId: string,
      run: (apply: ((change: CommentChange, tally: Tally) => Promise<ApplyResult>) | null) => Promise<T>,
    ): Promise<T> {
      const page = await connectedPage(facebookPageId)
      if (!page) return run(null)
      const ctx = await contextOf(page)
      return run((change, tally) => applyIn(ctx, page, change, tally))
    },

    /** Fanfare answered the comment: the first answer sets the response time. */
    async markAnswered(page: Page, commentId: string, at: Date, by: { userId: string | null; name: string }) {
      const { before, after } = await comments.change(
        commentId,
        firstAnswer(await contextOf(page), { at, by }),
      )
      return before !== after
    },

    /** Re-classifies one stored comment with the page's current list. */
    async reclassify(page: Page, comment: Pick<Comment, 'id'>, tally: Tally): Promise<boolean> {
      const ctx = await contextOf(page)
      const changed = await comments.change(comment.id, (current) => {
        if (!current || current.removed || current.byPage) return null
        return verdictFields(ctx, current.message ?? '', current.createdTime ?? new Date())
      })
      await landed(page.facebookPageId, changed, tally)
      return changed.before !== changed.after
    },
  }
}

export type CommentApplier = ReturnType<typeof createCommentApplier>
