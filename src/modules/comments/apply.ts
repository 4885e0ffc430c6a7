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
import type { Changed, Comment, CommentRepository, Decide } from './comment-repository.js'
import type { LiveEvent, LiveFeed } from './live.js'
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

  /** A comment counted for the first time, as the live inbox announces it. */
  function announcement(facebookPageId: string, { before, after }: Changed): LiveEvent | null {
    if (!after || after.byPage || before?.counted || !after.counted) return null
    return {
      type: 'comment',
      id: after.id,
      facebookPageId,
      flagged: Boolean(after.complaint) || after.sentiment === 'negative',
      receivedAt: Date.now(),
    }
  }

  /** Counts what the landed write changed; answers the announcement of a comment counted for the first time. */
  function landed(facebookPageId: string, changed: Changed, tally: Tally): LiveEvent | null {
    const { before, after } = changed
    if (!after || after.byPage || before === after) return null
    tally.recount(facebookPageId, before?.counted ?? null, after.counted)
    return announcement(facebookPageId, changed)
  }

  /** What one change does to its comment, decided from the comment as stored. */
  function decideFor(ctx: ChangeContext, change: CommentChange): Decide {
    return change.verb === 'remove'
      ? removal(ctx, change)
      : change.verb === 'hide' || change.verb === 'unhide'
        ? hiding(ctx, change)
        : contentChange(ctx, change)
  }

  /** The page's own reply answers the comment it replies to (the first answer sets the response time). */
  function answerOf(
    ctx: ChangeContext,
    page: Page,
    change: CommentChange,
  ): { id: string; decide: Decide } | null {
    const parentId = parentOf(change)
    const isContent = change.verb !== 'remove' && change.verb !== 'hide' && change.verb !== 'unhide'
    if (!isContent || !parentId || !byPageOf(page.facebookPageId, change)) return null
    const by = { userId: null, name: change.from?.name ?? page.name }
    const at = new Date(change.created_time * 1000)
    return { id: parentId, decide: firstAnswer(ctx, { at, by, postId: change.post_id }) }
  }

  /**
   * A page's changes together (a delivery's): each comment's changes in delivery order (a page's
   * reply also answers its parent), all comments in one read and one bulk write, the counter
   * moves into `tally`; returns each change's result and the new comments to announce.
   */
  async function applyAllIn(ctx: ChangeContext, page: Page, changes: CommentChange[], tally: Tally) {
    const byComment = new Map<string, { decides: Decide[]; events: (number | null)[] }>()
    const add = (id: string, decide: Decide, event: number | null) => {
      const group = byComment.get(id) ?? { decides: [], events: [] }
      group.decides.push(decide)
      group.events.push(event)
      byComment.set(id, group)
    }
    changes.forEach((change, i) => {
      add(change.comment_id, decideFor(ctx, change), i)
      const answer = answerOf(ctx, page, change)
      if (answer) add(answer.id, answer.decide, null)
    })
    const groups = [...byComment.entries()]
    const outcomes = await comments.changeAll(groups.map(([id, { decides }]) => ({ id, decides })))
    const results: ApplyResult[] = changes.map(() => 'stale')
    const news: LiveEvent[] = []
    outcomes.forEach((outcome, g) => {
      const { events } = (groups[g] as (typeof groups)[number])[1]
      outcome.wrote.forEach((wrote, k) => {
        const event = events[k]
        if (wrote && typeof event === 'number') results[event] = 'applied'
      })
      for (const changed of outcome.landed) {
        const announced = landed(page.facebookPageId, changed, tally)
        if (announced) news.push(announced)
      }
    })
    return { results, news }
  }

  async function applyIn(ctx: ChangeContext, page: Page, change: CommentChange, tally: Tally) {
    const changed = await comments.change(change.comment_id, decideFor(ctx, change))
    const news = landed(page.facebookPageId, changed, tally)
    if (news) await live.publish(news)
    const answer = answerOf(ctx, page, change)
    if (answer) await comments.change(answer.id, answer.decide)
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
     * Applies a page's changes (a delivery's) in bulk (see applyAllIn), the counter moves into
     * `tally`. `announce` tells the live inbox about the new comments: call it once the tally is
     * flushed (a missed live update only means a moderator reloads, so it never fails).
     */
    async applyAll(
      facebookPageId: string,
      changes: CommentChange[],
      tally: Tally,
    ): Promise<{ results: ApplyResult[]; announce: () => Promise<void> }> {
      const page = await connectedPage(facebookPageId)
      if (!page) return { results: changes.map(() => 'skipped'), announce: async () => {} }
      const { results, news } = await applyAllIn(await contextOf(page), page, changes, tally)
      return { results, announce: () => live.publish(...news).catch(() => {}) }
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
