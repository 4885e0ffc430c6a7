// Publishing a due post exactly once: claim it with a conditional update, look in the feed before
// trying again after an unknown outcome, record every attempt.
import { Types } from 'mongoose'
import { GraphError } from '../../graph/errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { Models } from '../../models.js'
import { type AuditLog, SYSTEM_ACTOR } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { ATTEMPT_OUTCOMES, PostDoc } from './model.js'

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
/** Claims whose holder died before writing the post that one attempt steps over before giving up. */
const MAX_CLAIM_SKIPS = 20

/** Time kept free between the end of the slowest Graph call and the end of the lease. */
const LEASE_MARGIN_MS = 2_000

class LeaseTooShort extends Error {
  constructor() {
    super('not enough lease left for a Graph call')
  }
}

/** How far back the feed is searched for a post whose first attempt may have gone through. */
const FEED_LOOKBACK_MS = 10 * 60_000

type Attempt = (typeof ATTEMPT_OUTCOMES)[number]

/** The text Facebook shows: photos carry the link in their caption, they have no link field. */
export function captionOf(post: Pick<PostDoc, 'message' | 'link' | 'imageUrl'>): string {
  return post.imageUrl && post.link ? `${post.message}\n\n${post.link}` : post.message
}

const sameText = (a: string | null | undefined, b: string) => (a ?? '').trim() === b.trim()

export function createPublisher(deps: {
  models: Models
  pages: PageService
  graph: GraphClient
  audit: AuditLog
  /** how long a claim lasts; a worker that dies while publishing loses the post after this */
  leaseMs: number
  /** the Graph client's timeout: a call is only started while the lease outlasts it */
  graphTimeoutMs: number
  /** test seam: runs after Graph accepted the post and before the database knows (a crash point) */
  afterGraphCall?: (postId: string) => Promise<void> | void
}) {
  const { models, pages, graph, audit } = deps

  function attempt(ctx: PublishContext, outcome: Attempt, err?: GraphError | Error) {
    return {
      at: new Date(),
      outcome,
      worker: ctx.worker,
      errorKind: err instanceof GraphError ? err.kind : err ? 'internal' : null,
      errorCode: err instanceof GraphError ? (err.code ?? null) : null,
      message: err?.message ?? null,
    }
  }

  type Claim = { post: PostDoc; leaseUntil: number; earlierAttemptAt: Date | null }

  /**
   * Takes the post for this worker: a due scheduled post, or a publishing one whose holder's lease
   * ran out. The decision is an insert under a unique key (post id + claim number), not a
   * conditional update: unique indexes hold on every MongoDB-compatible store, while FerretDB v1
   * lets several simultaneous conditional updates of one document all succeed (measured: 18 of 20
   * rounds of 8 racing claims had more than one winner). Whoever inserts claim n+1 alone writes the
   * post until its lease ends.
   */
  async function claim(
    postId: Types.ObjectId,
    ctx: PublishContext,
  ): Promise<Claim | 'not_due' | 'busy' | null> {
    const current = await models.posts.findById(postId).lean<PostDoc>()
    if (!current) return null
    const now = new Date()
    if (current.status === 'publishing') {
      if ((current.lease?.until?.getTime() ?? 0) > now.getTime()) return 'busy'
    } else if (current.status !== 'scheduled') {
      return null
    } else if ((current.scheduledAt?.getTime() ?? 0) > now.getTime() + EARLY_MS) {
      return 'not_due'
    }
    const leaseUntil = now.getTime() + deps.leaseMs
    const lease = { owner: ctx.worker, until: new Date(leaseUntil) }
    let generation = (current.claimGeneration ?? 0) + 1
    for (;;) {
      try {
        await models.postClaims.create({
          _id: `${postId}:${generation}`,
          postId,
          owner: ctx.worker,
          until: lease.until,
        })
        break
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err
      }
      // Someone holds claim n. While its lease runs, the post is theirs; once it ran out, its holder
      // died (possibly before writing the post, so the post still says n-1) and never called Graph
      // after that (see the lease check before the call): claim n+1.
      const held = await models.postClaims.findById(`${postId}:${generation}`).lean<{ until: Date }>()
      if (held && held.until.getTime() > now.getTime()) return 'busy'
      generation += 1
      if (generation > (current.claimGeneration ?? 0) + MAX_CLAIM_SKIPS) return 'busy'
    }
    const takeover = current.status === 'publishing'
    const uncertainSince = current.uncertainSince ?? now
    await models.posts.updateOne(
      { _id: postId },
      {
        $set: {
          status: 'publishing',
          claimGeneration: generation,
          lease,
          graphCalledAt: now,
          uncertainSince,
        },
        ...(takeover
          ? { $push: { attempts: attempt(ctx, 'retrying', new Error('worker stopped while publishing')) } }
          : {}),
      },
    )
    const post: PostDoc = {
      ...current,
      status: 'publishing',
      claimGeneration: generation,
      lease,
      uncertainSince,
    }
    return { post, leaseUntil, earlierAttemptAt: current.uncertainSince ?? null }
  }

  /** Only the lease holder may finish the post; a worker that lost its lease changes nothing. */
  async function finish(
    post: PostDoc,
    ctx: PublishContext,
    set: Record<string, unknown>,
    outcome: Attempt,
    err?: Error,
  ) {
    const done = await models.posts.updateOne(
      { _id: post._id, status: 'publishing', claimGeneration: post.claimGeneration },
      {
        $set: { ...set, lease: { owner: null, until: null } },
        $push: { attempts: attempt(ctx, outcome, err) },
      },
    )
    return done.modifiedCount === 1
  }

  async function markPublished(post: PostDoc, ctx: PublishContext, graphPostId: string, outcome: Attempt) {
    await finish(
      post,
      ctx,
      {
        status: 'published',
        graphPostId,
        permalink: `https://www.facebook.com/${graphPostId}`,
        publishedAt: new Date(),
        uncertainSince: null,
        failure: { kind: null, message: null },
      },
      outcome,
    )
  }

  /** A post an earlier attempt may have created: its text, in the page's feed since that attempt. */
  async function findInFeed(
    page: Page,
    post: PostDoc,
    attemptAt: Date,
    token: string,
  ): Promise<string | null> {
    const since = new Date(attemptAt.getTime() - FEED_LOOKBACK_MS)
    const text = captionOf(post)
    for await (const item of graph.listFeed(page.facebookPageId, token, {
      since,
      limit: 50,
      maxPages: 5,
      fields: 'id,message,created_time',
    })) {
      if (sameText(item.message, text)) return item.id
    }
    return null
  }

  async function publishThroughGraph(page: Page, post: PostDoc, token: string): Promise<string> {
    if (post.imageUrl) {
      const photo = await graph.publishPhoto(page.facebookPageId, token, {
        url: post.imageUrl,
        caption: captionOf(post),
      })
      return photo.postId ?? photo.id
    }
    const created = await graph.publishPost(page.facebookPageId, token, {
      message: post.message,
      link: post.link ?? undefined,
    })
    return created.id
  }

  return {
    /**
     * Publishes the post if it is due and nobody else has it. Throws a retryable GraphError when the
     * queue should try again later (the post is then scheduled again, its outcome remembered as unknown).
     */
    async publishDuePost(postId: string, ctx: PublishContext): Promise<PublishOutcome> {
      if (!Types.ObjectId.isValid(postId)) return 'nothing_to_do'
      const claimed = await claim(new Types.ObjectId(postId), ctx)
      if (claimed === null) return 'nothing_to_do'
      if (claimed === 'not_due' || claimed === 'busy') return claimed
      const { post, leaseUntil, earlierAttemptAt } = claimed

      const page = await pages.connectedById(String(post.pageId))
      if (!page) {
        const failure = { kind: 'page', message: 'page.disconnected' }
        await finish(post, ctx, { status: 'failed', failure, uncertainSince: earlierAttemptAt }, 'failed')
        return 'failed'
      }
      if (page.tokenStatus !== 'ok') {
        const failure = { kind: 'auth', message: page.tokenProblem ?? null }
        await finish(post, ctx, { status: 'held', failure, uncertainSince: earlierAttemptAt }, 'held')
        return 'held'
      }

      let graphPostId: string
      try {
        graphPostId = await pages.withPageToken(page, async (token) => {
          if (earlierAttemptAt) {
            const found = await findInFeed(page, post, earlierAttemptAt, token)
            if (found) return `found:${found}`
          }
          // Call Graph only while the lease outlasts the call; otherwise another worker could take the
          // post over mid-call, miss it in the feed and publish it a second time.
          if (Date.now() + deps.graphTimeoutMs + LEASE_MARGIN_MS > leaseUntil) throw new LeaseTooShort()
          return publishThroughGraph(page, post, token)
        })
      } catch (err) {
        if (err instanceof LeaseTooShort) {
          await finish(post, ctx, { status: 'scheduled', uncertainSince: earlierAttemptAt }, 'retrying', err)
          throw err
        }
        if (!(err instanceof GraphError)) throw err
        return this.handleGraphError(post, ctx, err, earlierAttemptAt)
      }
      if (graphPostId.startsWith('found:')) {
        await markPublished(post, ctx, graphPostId.slice('found:'.length), 'recovered')
        return 'recovered'
      }
      await deps.afterGraphCall?.(postId)
      await markPublished(post, ctx, graphPostId, 'published')
      return 'published'
    },

    async handleGraphError(
      post: PostDoc,
      ctx: PublishContext,
      err: GraphError,
      earlierAttemptAt: Date | null,
    ): Promise<PublishOutcome> {
      // A refused call (auth, rate limit, invalid) created nothing; a transient one may have.
      const uncertainSince = err.kind === 'transient' ? post.uncertainSince : earlierAttemptAt
      if (err.kind === 'auth') {
        await finish(
          post,
          ctx,
          { status: 'held', uncertainSince, failure: { kind: 'auth', message: err.message } },
          'held',
          err,
        )
        await audit.record(SYSTEM_ACTOR, {
          action: 'post.held',
          target: { type: 'post', id: String(post._id), label: post.message.slice(0, 60) },
          pageId: post.facebookPageId,
          after: { code: err.code ?? null, message: err.message },
        })
        return 'held'
      }
      if (err.isRetryable && ctx.attempt < ctx.maxAttempts) {
        await finish(post, ctx, { status: 'scheduled', uncertainSince }, 'retrying', err)
        throw err
      }
      await finish(
        post,
        ctx,
        {
          status: 'failed',
          uncertainSince,
          failure: { kind: err.kind, message: err.userMessage ?? err.message },
        },
        'failed',
        err,
      )
      await audit.record(SYSTEM_ACTOR, {
        action: 'post.failed',
        target: { type: 'post', id: String(post._id), label: post.message.slice(0, 60) },
        pageId: post.facebookPageId,
        after: { kind: err.kind, code: err.code ?? null, message: err.message },
      })
      return 'failed'
    },
  }
}

export type Publisher = ReturnType<typeof createPublisher>
