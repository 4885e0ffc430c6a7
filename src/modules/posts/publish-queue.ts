// Puts a post's publish job on the queue (or moves it) with the job id derived from the post.
import type { Job } from 'bull'
import { enqueue, JOBS, publishJobId, type Queues } from '../../queues.js'

export type PublishQueue = {
  /** Queues (or re-times) the post's job; safe to call again, a post never has two jobs. */
  ensure(postId: string, at: Date): Promise<'queued' | 'kept'>
  /** Drops the post's waiting job (cancel, back to draft); a running job finds the new status itself. */
  drop(postId: string): Promise<void>
  /** Ids of every post with a job still to run, read in four Redis calls however many there are. */
  liveJobPostIds(): Promise<Set<string>>
}

const FINISHED = new Set(['completed', 'failed'])

/** A job is kept when it will still run near the post's time; otherwise it is replaced. */
const TIMING_SLACK_MS = 1_000

async function removeQuietly(job: Job): Promise<void> {
  try {
    await job.remove()
  } catch {
    // Locked by a worker right now: that run re-reads the post and does the right thing.
  }
}

export function createPublishQueue(queues: Queues): PublishQueue {
  const queue = queues[JOBS['publish-post'].queue]
  async function existing(postId: string): Promise<{ job: Job; state: string } | null> {
    const job = await queue.getJob(publishJobId(postId))
    if (!job) return null
    return { job, state: await job.getState() }
  }

  return {
    async ensure(postId, at) {
      const found = await existing(postId)
      if (found && !FINISHED.has(found.state)) {
        const runsAt = found.job.timestamp + (found.job.opts.delay ?? 0)
        const onTime = found.state !== 'delayed' || Math.abs(runsAt - at.getTime()) <= TIMING_SLACK_MS
        // A job in its retry back-off is delayed on purpose; keep it.
        if (onTime || found.job.attemptsMade > 0) return 'kept'
        await removeQuietly(found.job)
      } else if (found) {
        await removeQuietly(found.job)
      }
      await enqueue(
        queues,
        'publish-post',
        { postId },
        {
          jobId: publishJobId(postId),
          delay: Math.max(0, at.getTime() - Date.now()),
          backoff: { type: 'graph' },
          removeOnComplete: true,
          removeOnFail: 500,
        },
      )
      return 'queued'
    },

    async drop(postId) {
      const found = await existing(postId)
      if (found && found.state !== 'active') await removeQuietly(found.job)
    },

    async liveJobPostIds() {
      const client = queue.client
      const [delayed, waiting, active, paused] = await Promise.all([
        client.zrange(queue.toKey('delayed'), 0, -1),
        client.lrange(queue.toKey('wait'), 0, -1),
        client.lrange(queue.toKey('active'), 0, -1),
        client.lrange(queue.toKey('paused'), 0, -1),
      ])
      const prefix = publishJobId('')
      return new Set(
        [...delayed, ...waiting, ...active, ...paused]
          .filter((id) => id.startsWith(prefix))
          .map((id) => id.slice(prefix.length)),
      )
    },
  }
}

export type Queueing = ReturnType<typeof tolerantQueueing>

/**
 * The queue as the use cases call it. MongoDB is the source of truth: when Redis is away a post is
 * saved anyway, and the reconciler queues it later.
 */
export function tolerantQueueing(queue: PublishQueue, log?: { warn(obj: object, msg: string): void }) {
  return {
    /** Queues a scheduled post (a post in any other status has no job). */
    async keep(post: { id: string; status: string; scheduledAt?: Date | null }): Promise<void> {
      if (post.status !== 'scheduled' || !post.scheduledAt) return
      try {
        await queue.ensure(post.id, post.scheduledAt)
      } catch (err) {
        log?.warn({ postId: post.id, err: (err as Error).message }, 'post not queued yet')
      }
    },

    async drop(postId: string): Promise<void> {
      try {
        await queue.drop(postId)
      } catch (err) {
        log?.warn({ postId, err: (err as Error).message }, 'could not drop the publish job')
      }
    },
  }
}
