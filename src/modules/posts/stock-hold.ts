// Promos held for the shop's stock: the held ones of a member's pages (their home), the product's
// stock now with whether the promo could go out now (its page), and releasing one once the stock
// backs it again, checked exactly as the publisher checks right before it posts.
import { Conflict, type ErrorReason, NotFound, RuleViolation } from '../../errors.js'
import type { AuditLog } from '../audit/service.js'
import type { Scarcity } from '../shop/scarcity.js'
import { findScarcityClaims } from '../shop/scarcity-claims.js'
import { productRefOf, type Stock } from '../shop/stock.js'
import type { Author } from './author.js'
import { isHeldForStock, type PostStatus } from './model.js'
import { auditTarget } from './post-audit.js'
import type { Queueing } from './publish-queue.js'
import type { Post, PostRepository } from './repository.js'

/** Where a refused release files its reasons: next to the release button (the form's one "field"). */
export const RELEASE_FIELD = 'release'

/** What the marketer is told about a held promo, in facts the views turn into words. */
export type HoldFacts = {
  reason: 'sold_out' | 'scarcity'
  /** the claim that was not true ("nog maar 3"), and what kind of claim it is */
  claim: string | null
  claimKind: 'count' | 'low_stock' | 'deadline' | 'placeholder' | null
  product: string | null
  /** the stock when it was held */
  stockThen: number | null
  /** the stock now: as last read (on the post's page, by its release check just before); null: unknown */
  stockNow: number | null
  heldAt: Date | null
  /** when it was to go out */
  scheduledAt: Date | null
}

/** Its own time when that is still ahead, else now: a released promo whose time passed goes out at once. */
const dueFrom = (post: Post) => new Date(Math.max(Date.now(), post.scheduledAt?.getTime() ?? 0))

function claimKindOf(post: Post): HoldFacts['claimKind'] {
  const claim = post.hold?.claim
  if (!claim) return null
  if (claim === '{voorraad}') return 'placeholder'
  const found = findScarcityClaims(post.message).find((c) => c.phrase.toLowerCase() === claim.toLowerCase())
  return found?.kind ?? null
}

export function createStockHolds(deps: {
  posts: PostRepository
  audit: AuditLog
  queueing: Queueing
  scarcity: Scarcity
  stock: Stock
}) {
  const { posts, audit, queueing, scarcity, stock } = deps

  /** The product's stock as last read (every live read, the release check's too, records it); null: never read. */
  async function stockOf(post: Post): Promise<{ title: string | null; stock: number | null }> {
    if (!post.product) return { title: null, stock: null }
    return stock
      .lastKnown(productRefOf(post.product))
      .then((v) => ({ title: v.title ?? null, stock: v.stock ?? null }))
      .catch(() => ({ title: null, stock: null }))
  }

  async function factsOf(post: Post): Promise<HoldFacts> {
    const now = await stockOf(post)
    const hold = post.hold
    return {
      reason: hold?.reason ?? (post.failure?.kind === 'scarcity' ? 'scarcity' : 'sold_out'),
      claim: hold?.claim ?? null,
      claimKind: claimKindOf(post),
      product: hold?.productTitle ?? now.title,
      stockThen: hold?.stock ?? null,
      stockNow: now.stock,
      heldAt: hold?.at ?? null,
      scheduledAt: post.scheduledAt ?? null,
    }
  }

  /**
   * Whether the promo's text holds against the stock now, as the publisher would judge it; the
   * reasons (under `release`) when it does not.
   */
  async function verdictOf(post: Post): Promise<{ ok: true } | { ok: false; error: RuleViolation }> {
    const facts = {
      text: post.message,
      product: post.product ?? null,
      endsAt: post.offerEndsAt ?? null,
      at: dueFrom(post),
    }
    const verdict = await scarcity.beforePublish(facts)
    if (verdict.ok) return { ok: true }
    const { product, stock: level, claim } = verdict.params
    const params = { product: product ?? '', stock: level ?? '?', claim: claim ?? '' }
    let reasons: ErrorReason[]
    if (verdict.kind === 'sold_out') {
      reasons = [{ path: RELEASE_FIELD, code: 'posts.release.soldOut', params }]
    } else {
      const found = await scarcity.findings(facts)
      reasons = found.reasons.length
        ? found.reasons.map((r) => ({ ...r, path: RELEASE_FIELD }))
        : [{ path: RELEASE_FIELD, code: 'posts.release.stockUnknown', params }]
    }
    const code = verdict.kind === 'sold_out' ? 'posts.release.stillSoldOut' : 'posts.release.claimStillUntrue'
    return {
      ok: false,
      error: new RuleViolation(code, { claim: claim ?? null, stock: level ?? null, product }).because(
        reasons,
      ),
    }
  }

  return {
    /** The held promos of these pages (null: every page), soonest time first, with the last known stock. */
    async list(pageIds: string[] | null, limit = 10): Promise<{ post: Post; facts: HoldFacts }[]> {
      const held = await posts.heldForStock(pageIds, limit)
      return Promise.all(held.map(async (post) => ({ post, facts: await factsOf(post) })))
    },

    /**
     * Why the post is held, the stock now, and whether a release would go through now: the release
     * check reads the shop live (and records the level), so the facts after it show that same read.
     */
    async explain(post: Post): Promise<{ facts: HoldFacts; releasable: boolean }> {
      const verdict = await verdictOf(post).catch(() => ({ ok: false as const }))
      return { facts: await factsOf(post), releasable: verdict.ok }
    },

    /**
     * Back on the schedule once the stock backs the promo again (the same check as right before
     * publishing): at its own time when that is still ahead, else at once; one that was waiting for
     * approval waits again. Still sold out, or a claim still untrue: 422 naming the claim and stock.
     */
    async release(author: Author, id: string): Promise<Post> {
      const post = await posts.find(id)
      if (!post) throw new NotFound('posts.notFound')
      if (!isHeldForStock(post)) throw new Conflict('posts.release.notHeld', { status: post.status })
      const verdict = await verdictOf(post)
      if (!verdict.ok) throw verdict.error
      const at = dueFrom(post)
      const status: PostStatus = post.hold?.from === 'awaiting_approval' ? 'awaiting_approval' : 'scheduled'
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
        before: { status: 'held', scheduledAt: post.scheduledAt?.toISOString() ?? null },
        after: { status, scheduledAt: at.toISOString() },
      })
      if (status === 'scheduled') await queueing.keep(released)
      return released
    },
  }
}

export type StockHolds = ReturnType<typeof createStockHolds>
