// Queue names, job ids and the bull queues themselves: one place for the web server and the worker.

import type { Queue as BullQueue } from 'bull'
import Queue from 'bull'

export const QUEUE_NAMES = ['maintenance', 'posts', 'campaigns', 'comments'] as const
export type QueueName = (typeof QUEUE_NAMES)[number]
export type Queues = Record<QueueName, BullQueue>

/** Jobs of the maintenance queue; repeatable ones get a fixed id so every worker schedules the same one. */
export const MAINTENANCE_JOBS = {
  checkPageTokens: { name: 'check-page-tokens', everyMs: 6 * 3600_000 },
  /** On the maintenance queue so it never waits behind a burst of publish jobs; interval from config. */
  reconcilePosts: { name: 'reconcile-posts' },
} as const

/** Jobs of the posts queue. A publish job's id comes from its post, so a post is never queued twice. */
export const POST_JOBS = {
  publish: { name: 'publish-post', attempts: 8 },
} as const

export const publishJobId = (postId: string) => `publish-${postId}`

/**
 * Back-off between attempts of a job: the wait Graph asked for (usage headers, rate limits) when it
 * gave one, else exponential from 5 s to 5 minutes.
 */
export function retryDelayMs(attemptsMade: number, err: unknown, baseMs = 5_000): number {
  const asked = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs
  if (typeof asked === 'number' && asked > 0) return Math.min(asked, 15 * 60_000)
  return Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), 5 * 60_000)
}

/** Jobs of the campaigns queue: collect comment-to-enter entries for one campaign, or for all every few minutes. */
export const CAMPAIGN_JOBS = {
  collectCommentEntries: { name: 'collect-comment-entries' },
  collectAllCommentEntries: { name: 'collect-all-comment-entries', everyMs: 5 * 60_000 },
  pseudonymiseEntrants: { name: 'pseudonymise-entrants', everyMs: 24 * 3600_000 },
} as const

/** Jobs of the comments queue: webhook events to apply, backfills (also every hour), re-classification. */
export const COMMENT_JOBS = {
  applyEvent: { name: 'apply-event' },
  backfill: { name: 'backfill', everyMs: 3600_000, days: 3 },
  reclassify: { name: 'reclassify' },
} as const

export type QueueOptions = {
  redisUrl: string
  prefix: string
  /** first retry wait of a failed job without a wait asked by Graph */
  retryBaseMs?: number
  onError?: (name: QueueName, err: Error) => void
}

export function createQueues({ redisUrl, prefix, onError, retryBaseMs }: QueueOptions): Queues {
  const graph = (attemptsMade: number, err: Error) => retryDelayMs(attemptsMade, err, retryBaseMs)
  const entries = QUEUE_NAMES.map((name) => {
    const queue = new Queue(name, redisUrl, {
      prefix,
      settings: { backoffStrategies: { graph } },
    })
    // An unhandled 'error' event would crash the process while Redis is away; report it instead.
    queue.on('error', (err) => onError?.(name, err))
    return [name, queue] as const
  })
  return Object.fromEntries(entries) as Queues
}

export async function closeQueues(queues: Queues, doNotWaitJobs = false): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close(doNotWaitJobs)))
}
