// Moving a post along: approve, send back, cancel, retry, and release the held posts of a working page.
import { Conflict, NotFound } from '../../errors.js'
import { type AuditLog, SYSTEM_ACTOR } from '../audit/service.js'
import type { PageService } from '../pages/service.js'
import type { Author } from './author.js'
import type { SaveResult } from './compose.js'
import { judge, overrideOf } from './judgement.js'
import { EDITABLE_STATUSES, isHeldForStock, type PostLabel } from './model.js'
import { loadPlan, rulesOf } from './plan.js'
import { auditTarget, recordOverride } from './post-audit.js'
import type { Queueing } from './publish-queue.js'
import type { Post, PostRepository } from './repository.js'
import { checkPostingRules } from './rules.js'

const noFailure = { kind: null, message: null }

/** Its own time when that is still ahead, else now. */
const dueFrom = (post: Post) => new Date(Math.max(Date.now(), post.scheduledAt?.getTime() ?? 0))

export function createLifecycle(deps: {
  posts: PostRepository
  pages: PageService
  audit: AuditLog
  queueing: Queueing
}) {
  const { posts, pages, audit, queueing } = deps

  async function find(id: string): Promise<Post> {
    const post = await posts.find(id)
    if (!post) throw new NotFound('posts.notFound')
    return post
  }

  return {
    /** An admin approves: the post is scheduled (or goes out now when its time has passed). */
    async approve(author: Author, id: string, overrideReason?: string): Promise<SaveResult> {
      const post = await find(id)
      if (post.status !== 'awaiting_approval') throw new Conflict('posts.notAwaitingApproval')
      const page = await pages.find(post.pageId)
      const scheduledAt = dueFrom(post)
      const plan = await loadPlan(posts, page.id, [scheduledAt])
      const candidate = { id, at: scheduledAt, label: post.label as PostLabel, message: post.message }
      const { warnings, overridden } = judge(
        [checkPostingRules(candidate, plan, rulesOf(page))],
        page,
        overrideReason,
        false,
      )
      const override = overrideOf(author, overrideReason, overridden) ?? post.override ?? null
      const approval = { by: author.userId, byName: author.name, at: new Date(), comment: null }
      const approved = await posts.changeIf(
        id,
        { status: ['awaiting_approval'], version: post.version },
        { status: 'scheduled', scheduledAt, override, rejection: null, approval },
      )
      if (!approved) throw new Conflict('changedMeanwhile')
      await audit.record(author.actor, {
        action: 'post.approve',
        target: auditTarget(post),
        pageId: page.facebookPageId,
        after: { scheduledAt: scheduledAt.toISOString() },
      })
      if (overrideReason && overridden.length) {
        await recordOverride(audit, author, page, [approved], overrideReason, overridden)
      }
      await queueing.keep(approved)
      return { posts: [approved], warnings }
    },

    /** An admin sends the post back with a comment: it returns to its author as a draft. */
    async reject(author: Author, id: string, comment: string): Promise<Post> {
      const post = await find(id)
      const rejection = { by: author.userId, byName: author.name, at: new Date(), comment }
      const rejected = await posts.changeIf(
        id,
        { status: ['awaiting_approval'] },
        { status: 'draft', approval: null, rejection },
      )
      if (!rejected) throw new Conflict('posts.notAwaitingApproval')
      await audit.record(author.actor, {
        action: 'post.reject',
        target: auditTarget(post),
        pageId: post.facebookPageId,
        reason: comment,
      })
      return rejected
    },

    async cancel(author: Author, id: string): Promise<Post> {
      const post = await find(id)
      const cancelled = await posts.changeIf(id, { status: EDITABLE_STATUSES }, { status: 'cancelled' })
      if (!cancelled) throw new Conflict('posts.notCancellable', { status: post.status })
      await queueing.drop(id)
      await audit.record(author.actor, {
        action: 'post.cancel',
        target: auditTarget(post),
        pageId: post.facebookPageId,
        before: { status: post.status },
      })
      return cancelled
    },

    /**
     * A failed or held post goes out again now (or at its time, when that is still ahead). A promo
     * held for its product's stock is released instead (stock-hold.ts), after checking the stock.
     */
    async retry(author: Author, id: string): Promise<Post> {
      const post = await find(id)
      if (isHeldForStock(post)) throw new Conflict('posts.heldForStockUseRelease')
      const page = await pages.find(post.pageId)
      if (page.tokenStatus !== 'ok') throw new Conflict('posts.pageNeedsReconnect')
      const retried = await posts.changeIf(
        id,
        { status: ['failed', 'held'] },
        { status: 'scheduled', scheduledAt: dueFrom(post), failure: noFailure, hold: null },
      )
      if (!retried) throw new Conflict('posts.notRetryable', { status: post.status })
      await audit.record(author.actor, {
        action: 'post.retry',
        target: auditTarget(post),
        pageId: post.facebookPageId,
        before: { status: post.status },
      })
      await queueing.keep(retried)
      return retried
    },

    /** The product sold out: its promos still to go out are held, audited, and shown to the marketer. */
    async holdForProduct(
      product: string,
      message: string,
      facts: { title: string | null; stock: number | null } = { title: null, stock: 0 },
    ): Promise<Post[]> {
      const held: Post[] = []
      const at = new Date()
      for (const planned of await posts.plannedFor(product)) {
        const from =
          planned.status === 'awaiting_approval' ? ('awaiting_approval' as const) : ('scheduled' as const)
        const hold = {
          reason: 'sold_out' as const,
          productTitle: facts.title,
          stock: facts.stock,
          claim: null,
          at,
          from,
        }
        const change = { status: 'held' as const, failure: { kind: 'sold_out', message }, hold }
        const post = await posts.changeIf(
          planned.id,
          { status: ['scheduled', 'awaiting_approval'] },
          change,
          {
            bumpVersion: false,
          },
        )
        if (!post) continue
        held.push(post)
        await queueing.drop(post.id)
        await audit.record(SYSTEM_ACTOR, {
          action: 'post.held_for_stock',
          target: auditTarget(post),
          pageId: post.facebookPageId,
          before: { status: planned.status },
          after: { status: 'held', kind: 'sold_out', product: facts.title ?? product, stock: facts.stock },
        })
      }
      return held
    },

    /** Held posts of a page whose token works again go back on the queue (their time may be past). */
    async releaseHeld(pageId: string): Promise<number> {
      let released = 0
      for (const id of await posts.heldIds(pageId)) {
        const change = { status: 'scheduled' as const, failure: noFailure }
        // Not a person's change: an edit form opened meanwhile stays valid.
        const post = await posts.changeIf(id, { status: ['held'] }, change, { bumpVersion: false })
        if (post) {
          released += 1
          await queueing.keep(post)
        }
      }
      return released
    },
  }
}

export type Lifecycle = ReturnType<typeof createLifecycle>
