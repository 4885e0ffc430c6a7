// Publishing a due post exactly once: claim it with a conditional update, look in the feed before
// trying again after an unknown outcome, record every attempt.
import { Types } from 'mongoose'
import { GraphError } from '../../graph/errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { Models } from '../../models.js'
import { type AuditLog, SYSTEM_ACTOR } from '../audit/service.js'
import type { PageDoc } from '../pages/model.js'
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

  /** Takes the post for this worker: scheduled → publishing, or a publishing post whose lease ran out. */
  async function claim(post: PostDoc, ctx: PublishContext): Promise<PostDoc | null> {
    const now = new Date()
    const lease = { owner: ctx.worker, until: new Date(now.getTime() + deps.leaseMs) }
    const condition: Record<string, unknown> =
      post.status === 'scheduled'
        ? { _id: post._id, status: 'scheduled', scheduledAt: post.scheduledAt }
        : { _id: post._id, status: 'publishing', 'lease.until': { $lt: now } }
    return models.posts
      .findOneAndUpdate(condition, { $set: { status: 'publishing', lease } }, { returnDocument: 'after' })
      .lean<PostDoc>()
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
      { _id: post._id, status: 'publishing', 'lease.owner': ctx.worker },
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
  async function findInFeed(page: PageDoc, post: PostDoc, token: string): Promise<string | null> {
    const since = new Date((post.uncertainSince as Date).getTime() - FEED_LOOKBACK_MS)
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

  async function publishThroughGraph(page: PageDoc, post: PostDoc, token: string): Promise<string> {
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
      const current = await models.posts.findById(new Types.ObjectId(postId)).lean<PostDoc>()
      if (!current) return 'nothing_to_do'
      if (current.status === 'publishing') {
        if ((current.lease?.until?.getTime() ?? 0) > Date.now()) return 'busy'
      } else if (current.status !== 'scheduled') {
        return 'nothing_to_do'
      } else if ((current.scheduledAt?.getTime() ?? 0) > Date.now() + EARLY_MS) {
        return 'not_due'
      }

      const page = await models.pages.findById(current.pageId).lean<PageDoc>()
      if (!page || page.disconnectedAt) {
        const claimed = await claim(current, ctx)
        if (!claimed) return 'busy'
        const gone = new Error('page disconnected')
        await finish(
          claimed,
          ctx,
          { status: 'failed', failure: { kind: 'page', message: 'page.disconnected' } },
          'failed',
          gone,
        )
        return 'failed'
      }

      const post = await claim(current, ctx)
      if (!post) return 'busy'

      if (page.tokenStatus !== 'ok') {
        await finish(
          post,
          ctx,
          { status: 'held', failure: { kind: 'auth', message: page.tokenProblem ?? null } },
          'held',
        )
        return 'held'
      }

      let graphPostId: string
      try {
        graphPostId = await pages.withPageToken(page, async (token) => {
          if (post.uncertainSince) {
            const found = await findInFeed(page, post, token)
            if (found) return `found:${found}`
          }
          await models.posts.updateOne(
            { _id: post._id, 'lease.owner': ctx.worker },
            { $set: { uncertainSince: post.uncertainSince ?? new Date(), graphCalledAt: new Date() } },
          )
          return publishThroughGraph(page, post, token)
        })
      } catch (err) {
        if (!(err instanceof GraphError)) throw err
        return this.handleGraphError(post, ctx, err)
      }
      if (graphPostId.startsWith('found:')) {
        await markPublished(post, ctx, graphPostId.slice('found:'.length), 'recovered')
        return 'recovered'
      }
      await deps.afterGraphCall?.(postId)
      await markPublished(post, ctx, graphPostId, 'published')
      return 'published'
    },

    async handleGraphError(post: PostDoc, ctx: PublishContext, err: GraphError): Promise<PublishOutcome> {
      // A refused call (auth, rate limit, invalid) created nothing; a transient one may have.
      const uncertainSince = err.kind === 'transient' ? (post.uncertainSince ?? new Date()) : null
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
