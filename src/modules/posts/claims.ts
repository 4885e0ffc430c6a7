// The only place that writes a post's publishing state: who holds it (the lease), attempts, outcome.
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull } from '../../store.js'
import { type ATTEMPT_OUTCOMES, type PostDoc, PostSchema } from './model.js'
import { type Post, type PostChange, toPost } from './repository.js'

export type AttemptRecord = {
  at: Date
  outcome: (typeof ATTEMPT_OUTCOMES)[number]
  worker: string
  errorKind: string | null
  errorCode: number | null
  message: string | null
}

/** A post this worker holds until `leaseUntil`; `number` is the claim's generation. */
export type Claim = {
  post: Post
  number: number
  leaseUntil: number
  /** When an earlier attempt may have reached Graph without anyone learning the outcome. */
  earlierAttemptAt: Date | null
  /** The previous holder died while publishing (its lease ran out). */
  takeover: boolean
}

export async function createClaimRepository(connection: Connection) {
  const posts = modelOn(connection, 'Post', PostSchema)
  await initModels(posts)

  return {
    /**
     * Takes the post for `worker` in one conditional update: a scheduled post that is due, or a
     * publishing one whose holder's lease ran out. MongoDB applies it atomically, so of any number of
     * racing workers exactly one gets the document back. `earlyMs` lets a job that runs a little
     * early (timer jitter, clock skew) still publish.
     */
    async claim(
      id: string,
      worker: string,
      opts: { now: Date; leaseMs: number; earlyMs: number },
    ): Promise<Claim | null> {
      const _id = objectIdOrNull(id)
      if (!_id) return null
      const { now } = opts
      const leaseUntil = now.getTime() + opts.leaseMs
      const before = await posts
        .findOneAndUpdate(
          {
            _id,
            $or: [
              { status: 'scheduled', scheduledAt: { $lte: new Date(now.getTime() + opts.earlyMs) } },
              { status: 'publishing', 'lease.until': { $lt: now } },
            ],
          },
          {
            $set: {
              status: 'publishing',
              lease: { owner: worker, until: new Date(leaseUntil) },
              graphCalledAt: now,
            },
            $inc: { claimGeneration: 1 },
          },
          { returnDocument: 'before' },
        )
        .lean<PostDoc>()
      if (!before) return null
      const takeover = before.status === 'publishing'
      // A holder that died mid-publish may have reached Graph: its attempt started at its claim.
      const earlierAttemptAt = before.uncertainSince ?? (takeover ? (before.graphCalledAt ?? null) : null)
      const number = (before.claimGeneration ?? 0) + 1
      const post = toPost({
        ...before,
        status: 'publishing',
        claimGeneration: number,
        lease: { owner: worker, until: new Date(leaseUntil) },
        graphCalledAt: now,
      })
      return { post, number, leaseUntil, earlierAttemptAt, takeover }
    },

    /**
     * Before the Graph call, by the holder only: the outcome is unknown from now on (kept at the
     * earliest such attempt, so the feed is searched far enough back), and a takeover is recorded.
     */
    async markUncertain(claim: Claim, since: Date, takenOver: AttemptRecord | null): Promise<boolean> {
      const done = await posts.updateOne(
        { _id: claim.post.id, status: 'publishing', claimGeneration: claim.number },
        { $set: { uncertainSince: since }, ...(takenOver ? { $push: { attempts: takenOver } } : {}) },
      )
      return done.matchedCount === 1
    },

    /** Only the lease holder may finish the post; a worker that lost its lease changes nothing. */
    async finish(claim: Claim, change: PostChange, attempt: AttemptRecord): Promise<boolean> {
      const done = await posts.updateOne(
        { _id: claim.post.id, status: 'publishing', claimGeneration: claim.number },
        { $set: { ...change, lease: { owner: null, until: null } }, $push: { attempts: attempt } },
      )
      return done.modifiedCount === 1
    },

    /** Why a claim failed: the post is gone or done (null), held by a live lease, or not due yet. */
    async whyNotClaimed(id: string, now: Date): Promise<'busy' | 'not_due' | null> {
      const _id = objectIdOrNull(id)
      const doc = _id
        ? await posts.findById(_id, { status: 1, 'lease.until': 1, scheduledAt: 1 }).lean<PostDoc>()
        : null
      if (doc?.status === 'scheduled' && (doc.scheduledAt?.getTime() ?? 0) > now.getTime()) return 'not_due'
      // Scheduled and due yet not claimed: a racer claimed it and gave it back for a retry of its own.
      return doc?.status === 'publishing' || doc?.status === 'scheduled' ? 'busy' : null
    },
  }
}

export type ClaimRepository = Awaited<ReturnType<typeof createClaimRepository>>
