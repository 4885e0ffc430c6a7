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
  /** The previous holder stopped while publishing (its lease ran out). */
  takeover: boolean
}

export async function createClaimRepository(connection: Connection) {
  const posts = modelOn(connection, 'Post', PostSchema)
  await initModels(posts)

  return {
    /**
     * Takes the post for `worker` with a conditional update: a scheduled post that is due, or a
     * publishing one whose holder's lease ran out. MongoDB applies it atomically, so of any number of
     * racing workers exactly one gets the document back. From the claim on, the outcome is unknown
     * until the holder writes it (`uncertainSince`), so whoever comes next looks in the feed first.
     * `earlyMs` lets a job that runs a little early (timer jitter, clock skew) still publish.
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
      const claimable: Record<string, unknown> = {
        _id,
        $or: [
          { status: 'scheduled', scheduledAt: { $lte: new Date(now.getTime() + opts.earlyMs) } },
          { status: 'publishing', 'lease.until': { $lt: now } },
        ],
      }
      const lease = { owner: worker, until: new Date(leaseUntil) }
      const take = { status: 'publishing' as const, lease, graphCalledAt: now }
      // Two shapes of the one claim, because an update cannot say "keep the earlier time, else now":
      // a first attempt starts the uncertainty, a later one keeps the earlier time so the feed is
      // searched far enough back. Each is atomic, and whichever matches first puts the post out of
      // the other's reach (publishing under a live lease).
      const before =
        (await posts
          .findOneAndUpdate(
            { ...claimable, uncertainSince: null },
            { $set: { ...take, uncertainSince: now }, $inc: { claimGeneration: 1 } },
            { returnDocument: 'before' },
          )
          .lean<PostDoc>()) ??
        (await posts
          .findOneAndUpdate(
            { ...claimable, uncertainSince: { $ne: null } },
            { $set: take, $inc: { claimGeneration: 1 } },
            { returnDocument: 'before' },
          )
          .lean<PostDoc>())
      if (!before) return null
      const number = (before.claimGeneration ?? 0) + 1
      const earlierAttemptAt = before.uncertainSince ?? null
      const post = toPost({
        ...before,
        ...take,
        claimGeneration: number,
        uncertainSince: earlierAttemptAt ?? now,
      })
      return { post, number, leaseUntil, earlierAttemptAt, takeover: before.status === 'publishing' }
    },

    /** The holder records that it took the post over from a worker that stopped while publishing. */
    async recordTakeover(claim: Claim, attempt: AttemptRecord): Promise<boolean> {
      const done = await posts.updateOne(
        { _id: claim.post.id, status: 'publishing', claimGeneration: claim.number },
        { $push: { attempts: attempt } },
      )
      return done.modifiedCount === 1
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
