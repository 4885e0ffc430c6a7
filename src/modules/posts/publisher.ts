// Publishing a due post exactly once: claim it with one conditional update, look in the feed before
// trying again after an unknown outcome, record every attempt.
import { GraphError } from '../../graph/errors.js'
import type { GraphClient } from '../../graph/index.js'
import { type AuditLog, SYSTEM_ACTOR } from '../audit/service.js'
import type { PageService } from '../pages/service.js'
import { ShopError } from '../shop/platforms/errors.js'
import type { Scarcity } from '../shop/scarcity.js'
import type { AttemptRecord, Claim, ClaimRepository } from './claims.js'
import { findInFeed, publishThroughGraph } from './feed.js'
import type { Post, PostChange } from './repository.js'

export type PublishOutcome =
  | 'published'
  | 'recovered'
  | 'retrying'
  | 'failed'
  | 'held'
  | 'not_due'
  | 'busy'
  | 'nothing_to_do'

export type PublishContext = {
  /** 1 for the first try of the job */
  attempt: number
  maxAttempts: number
  /** who holds the lease, for the record and for diagnosing stuck posts */
  worker: string
}

/** A job that runs a little early (timer jitter, clock skew between processes) still publishes. */
const EARLY_MS = 1_000
/** Time kept free between the end of the slowest Graph call and the end of the lease. */
const LEASE_MARGIN_MS = 2_000

class LeaseTooShort extends Error {
  constructor() {
    super('not enough lease left for a Graph call')
  }
}

export function attemptOf(
  ctx: PublishContext,
  outcome: AttemptRecord['outcome'],
  err?: Error,
): AttemptRecord {
  return {
    at: new Date(),
    outcome,
    worker: ctx.worker,
    errorKind: err instanceof GraphError ? err.kind : err ? 'internal' : null,
    errorCode: err instanceof GraphError ? (err.code ?? null) : null,
    message: err?.message ?? null,
  }
}

const published = (graphPostId: string): PostChange => ({
  status: 'published',
  graphPostId,
  permalink: `https://www.facebook.com/${graphPostId}`,
  publishedAt: new Date(),
  uncertainSince: null,
  failure: { kind: null, message: null },
})

export function createPublisher(deps: {
  claims: ClaimRepository
  pages: PageService
  graph: GraphClient
  audit: AuditLog
  /** how long a claim lasts; a worker that dies while publishing loses the post after this */
  leaseMs: number
  /** the Graph client's timeout: a call is only started while the lease outlasts it */
  graphTimeoutMs: number
  /** test seam: runs after Graph accepted the post and before the database knows (a crash point) */
  afterGraphCall?: (postId: string) => Promise<void> | void
  /** The post as Facebook gets it: its addresses swapped for tracked links (the same on every try). */
  trackLinks: (post: Post) => Promise<Post>
  /** the honest-scarcity check, run again right before the post goes out */
  scarcity: Scarcity
  /** words for a held post's reason */
  describe: (key: string, params: Record<string, unknown>) => string
}) {
  const { claims, pages, graph, audit, scarcity } = deps

  /** Publishes the post if it is due and nobody else has it; throws when the queue should retry. */
  async function publishDuePost(postId: string, ctx: PublishContext): Promise<PublishOutcome> {
    const now = new Date()
    const claim = await claims.claim(postId, ctx.worker, { now, leaseMs: deps.leaseMs, earlyMs: EARLY_MS })
    if (!claim) return (await claims.whyNotClaimed(postId, now)) ?? 'nothing_to_do'
    const { post, earlierAttemptAt } = claim
    const finish = (change: PostChange, outcome: AttemptRecord['outcome'], err?: Error) =>
      claims.finish(claim, change, attemptOf(ctx, outcome, err))

    const page = await pages.connectedById(post.pageId)
    if (!page) {
      const failure = { kind: 'page', message: 'page.disconnected' }
      await finish({ status: 'failed', failure, uncertainSince: earlierAttemptAt }, 'failed')
      return 'failed'
    }
    if (page.tokenStatus !== 'ok') {
      const failure = { kind: 'auth', message: page.tokenProblem ?? null }
      await finish({ status: 'held', failure, uncertainSince: earlierAttemptAt }, 'held')
      return 'held'
    }

    // The stock may have changed since the post was planned: hold a sold-out product's promo or a
    // claim that is no longer true, and fill {voorraad} with the stock of this moment.
    let message = post.message
    try {
      const verdict = await scarcity.beforePublish({
        text: post.message,
        product: post.product ?? null,
        endsAt: post.offerEndsAt ?? null,
        at: now,
      })
      if (!verdict.ok) {
        const failure = {
          kind: verdict.kind,
          message: deps.describe(`errors.${verdict.message}`, {
            ...verdict.params,
            stock: verdict.params.stock ?? '?',
          }),
        }
        const { product: productTitle, stock, claim } = verdict.params
        const hold = { reason: verdict.kind, productTitle, stock, claim, at: now, from: 'scheduled' as const }
        await finish({ status: 'held', failure, hold, uncertainSince: null }, 'held')
        await audit.record(SYSTEM_ACTOR, {
          action: 'post.held_for_stock',
          target: { type: 'post', id: post.id, label: post.message.slice(0, 60) },
          pageId: post.facebookPageId,
          before: { status: 'scheduled' },
          after: { status: 'held', kind: verdict.kind, ...verdict.params },
        })
        return 'held'
      }
      message = verdict.message
    } catch (err) {
      if (!(err instanceof ShopError)) throw err
      if (err.isRetryable && ctx.attempt < ctx.maxAttempts) {
        await finish({ status: 'scheduled', uncertainSince: null }, 'retrying', err)
        throw err
      }
      const failure = { kind: 'shop', message: err.message }
      await finish({ status: 'held', failure, uncertainSince: null }, 'held', err)
      return 'held'
    }
    const outgoing = { ...post, message }

    if (claim.takeover) {
      const stopped = attemptOf(ctx, 'retrying', new Error('worker stopped while publishing'))
      if (!(await claims.recordTakeover(claim, stopped))) return 'busy'
    }
    let outcome: { id: string; found: boolean }
    const content = await deps.trackLinks(outgoing)
    try {
      outcome = await pages.withPageToken(page, async (token) => {
        const found = earlierAttemptAt && (await findInFeed(graph, page, content, earlierAttemptAt, token))
        if (found) return { id: found, found: true }
        // Call Graph only while the lease outlasts the call; otherwise another worker could take the
        // post over mid-call, miss it in the feed and publish it a second time.
        if (Date.now() + deps.graphTimeoutMs + LEASE_MARGIN_MS > claim.leaseUntil) throw new LeaseTooShort()
        return { id: await publishThroughGraph(graph, page, content, token), found: false }
      })
    } catch (err) {
      if (err instanceof LeaseTooShort) {
        await finish({ status: 'scheduled', uncertainSince: earlierAttemptAt }, 'retrying', err)
        throw err
      }
      if (!(err instanceof GraphError)) throw err
      return handleGraphError(claim, ctx, err)
    }
    if (outcome.found) {
      await finish(published(outcome.id), 'recovered')
      return 'recovered'
    }
    await deps.afterGraphCall?.(postId)
    await finish(published(outcome.id), 'published')
    return 'published'
  }

  /** Held on auth errors, retried while the queue has attempts left, else failed (both audited). */
  async function handleGraphError(
    claim: Claim,
    ctx: PublishContext,
    err: GraphError,
  ): Promise<PublishOutcome> {
    const { post } = claim
    // A refused call (auth, rate limit, invalid) created nothing; a transient one may have.
    const uncertainSince = err.kind === 'transient' ? post.uncertainSince : claim.earlierAttemptAt
    const target = { type: 'post', id: post.id, label: post.message.slice(0, 60) }
    if (err.kind === 'auth') {
      const failure = { kind: 'auth', message: err.message }
      await claims.finish(claim, { status: 'held', uncertainSince, failure }, attemptOf(ctx, 'held', err))
      await audit.record(SYSTEM_ACTOR, {
        action: 'post.held',
        target,
        pageId: post.facebookPageId,
        after: { code: err.code ?? null, message: err.message },
      })
      return 'held'
    }
    if (err.isRetryable && ctx.attempt < ctx.maxAttempts) {
      await claims.finish(claim, { status: 'scheduled', uncertainSince }, attemptOf(ctx, 'retrying', err))
      throw err
    }
    const failure = { kind: err.kind, message: err.userMessage ?? err.message }
    await claims.finish(claim, { status: 'failed', uncertainSince, failure }, attemptOf(ctx, 'failed', err))
    await audit.record(SYSTEM_ACTOR, {
      action: 'post.failed',
      target,
      pageId: post.facebookPageId,
      after: { kind: err.kind, code: err.code ?? null, message: err.message },
    })
    return 'failed'
  }

  return { publishDuePost }
}

export type Publisher = ReturnType<typeof createPublisher>
