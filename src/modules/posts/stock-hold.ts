// Promos held for the shop's stock: what the marketer is told (the held ones of their pages, the
// product's stock now) and releasing one once the stock backs it again, checked like the publisher does.
import { Conflict, NotFound } from '../../errors.js'
import type { AuditLog } from '../audit/service.js'
import type { PageService } from '../pages/service.js'
import type { Scarcity } from '../shop/scarcity.js'
import { productRefOf, type Stock } from '../shop/stock.js'
import type { Author } from './author.js'
import { statusFor } from './judgement.js'
import { auditTarget } from './post-audit.js'
import type { Queueing } from './publish-queue.js'
import type { Post, PostRepository } from './repository.js'

export const isHeldForStock = (post: Pick<Post, 'status' | 'failure'>) =>
  post.status === 'held' && ['sold_out', 'scarcity'].includes(post.failure?.kind ?? '')

/** Its own time when that is still ahead, else now. */
const dueFrom = (post: Post) => new Date(Math.max(Date.now(), post.scheduledAt?.getTime() ?? 0))

export function createStockHolds(deps: {
  posts: PostRepository
  pages: PageService
  audit: AuditLog
  queueing: Queueing
  scarcity: Scarcity
  stock: Stock
}) {
  const { posts, pages, audit, queueing, scarcity, stock } = deps

  return {
    /** The held promos of these pages (null: all), soonest first. */
    list: (pageIds: string[] | null, limit = 10) => posts.heldForStock(pageIds, limit),

    /** The linked product's stock now, read from the shop; null when it cannot be read. */
    async stockNow(post: Pick<Post, 'product'>): Promise<{ title: string; stock: number | null } | null> {
      if (!post.product) return null
      return stock
        .of(productRefOf(post.product))
        .then((v) => ({ title: v.title, stock: v.stock }))
        .catch(() => null)
    },

    /**
     * Back on the schedule once the stock backs the promo again (the same check as right before
     * publishing); still sold out, or a claim still untrue, is refused naming the product and stock.
     */
    async release(author: Author, id: string): Promise<Post> {
      const post = await posts.find(id)
      if (!post) throw new NotFound('posts.notFound')
      if (!isHeldForStock(post)) throw new Conflict('posts.notHeldForStock', { status: post.status })
      const at = dueFrom(post)
      const verdict = await scarcity.beforePublish({
        text: post.message,
        product: post.product ?? null,
        endsAt: post.offerEndsAt ?? null,
        at,
      })
      if (!verdict.ok) {
        const { product, stock: level, claim } = verdict.params
        throw verdict.kind === 'sold_out'
          ? new Conflict('posts.stillSoldOut', { product: product ?? '', stock: level ?? 0 })
          : new Conflict('posts.claimStillUntrue', { claim: claim ?? '', stock: level ?? '?' })
      }
      const page = await pages.find(post.pageId)
      // An approved promo goes back on the schedule; one that was waiting for approval waits again.
      const status = post.approval ? 'scheduled' : statusFor(page, author)
      const released = await posts.changeIf(
        id,
        { status: ['held'], version: post.version },
        { status, scheduledAt: at, failure: { kind: null, message: null }, hold: null },
      )
      if (!released) throw new Conflict('changedMeanwhile')
      await audit.record(author.actor, {
        action: 'post.release',
        target: auditTarget(post),
        pageId: post.facebookPageId,
        before: { status: 'held' },
        after: { status, scheduledAt: at.toISOString() },
      })
      if (status === 'scheduled') await queueing.keep(released)
      return released
    },
  }
}

export type StockHolds = ReturnType<typeof createStockHolds>
