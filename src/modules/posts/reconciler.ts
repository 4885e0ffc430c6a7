// The safety net behind the queue: MongoDB says which posts are due, Redis may have forgotten them.
import type { PageService } from '../pages/service.js'
import type { Lifecycle } from './lifecycle.js'
import type { PublishQueue } from './publish-queue.js'
import type { PostRepository } from './repository.js'

/** Posts due within this window get their job now if they lack one. */
export const SOON_DUE_MS = 10 * 60_000
const BATCH = 5_000

export type ReconcileResult = { requeued: number; unstuck: number; released: number }

export function createReconciler(deps: {
  posts: PostRepository
  queue: PublishQueue
  lifecycle: Pick<Lifecycle, 'releaseHeld'>
  pages: PageService
}) {
  const { posts, queue, lifecycle, pages } = deps

  return {
    async reconcile(now = new Date()): Promise<ReconcileResult> {
      // 1. A worker died holding a post: its lease runs out, and the post gets a job again (below);
      //    the next worker claims it anew and first looks in the feed. Nothing is rewritten here, so
      //    the reconciler never races a worker for the post.
      const stuck = await posts.leaseExpired(now, BATCH)
      const unstuck = stuck.length

      // 2. Held posts of pages that work again (reconnected) go back to the queue.
      const held = await posts.pageIdsWithHeld()
      let released = 0
      if (held.length) {
        const heldPages = new Set(held)
        const working = (await pages.list()).filter((p) => heldPages.has(p.id) && p.tokenStatus === 'ok')
        for (const page of working) released += await lifecycle.releaseHeld(page.id)
      }

      // 3. Every due or soon-due scheduled post without a live job gets one (Redis lost it, a backup
      //    was restored, a job finished early because the post was moved).
      const due = await posts.scheduledBy(new Date(now.getTime() + SOON_DUE_MS), BATCH)
      let requeued = 0
      if (due.length || stuck.length) {
        const live = await queue.liveJobPostIds()
        for (const post of [...stuck, ...due]) {
          if (live.has(post.id)) continue
          await queue.ensure(post.id, post.scheduledAt ?? now)
          requeued += 1
        }
      }
      return { requeued, unstuck, released }
    },
  }
}

export type Reconciler = ReturnType<typeof createReconciler>
