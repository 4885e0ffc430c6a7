// Queue names, job ids and the bull queues themselves: one place for the web server and the worker.

import type { Queue as BullQueue } from 'bull'
import Queue from 'bull'

export const QUEUE_NAMES = ['maintenance', 'campaigns'] as const
export type QueueName = (typeof QUEUE_NAMES)[number]
export type Queues = Record<QueueName, BullQueue>

/** Jobs of the maintenance queue; repeatable ones get a fixed id so every worker schedules the same one. */
export const MAINTENANCE_JOBS = {
  checkPageTokens: { name: 'check-page-tokens', everyMs: 6 * 3600_000 },
} as const

/** Jobs of the campaigns queue: collect comment-to-enter entries for one campaign, or for all every few minutes. */
export const CAMPAIGN_JOBS = {
  collectCommentEntries: { name: 'collect-comment-entries' },
  collectAllCommentEntries: { name: 'collect-all-comment-entries', everyMs: 5 * 60_000 },
  pseudonymiseEntrants: { name: 'pseudonymise-entrants', everyMs: 24 * 3600_000 },
} as const

export type QueueOptions = {
  redisUrl: string
  prefix: string
  onError?: (name: QueueName, err: Error) => void
}

export function createQueues({ redisUrl, prefix, onError }: QueueOptions): Queues {
  const entries = QUEUE_NAMES.map((name) => {
    const queue = new Queue(name, redisUrl, { prefix })
    // An unhandled 'error' event would crash the process while Redis is away; report it instead.
    queue.on('error', (err) => onError?.(name, err))
    return [name, queue] as const
  })
  return Object.fromEntries(entries) as Queues
}

export async function closeQueues(queues: Queues, doNotWaitJobs = false): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close(doNotWaitJobs)))
}
