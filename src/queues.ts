// Queue names, job ids and the bull queues themselves: one place for the web server and the worker.

import type { Queue as BullQueue } from 'bull'
import Queue from 'bull'

export const QUEUE_NAMES = ['maintenance', 'comments'] as const
export type QueueName = (typeof QUEUE_NAMES)[number]
export type Queues = Record<QueueName, BullQueue>

/** Jobs of the maintenance queue; repeatable ones get a fixed id so every worker schedules the same one. */
export const MAINTENANCE_JOBS = {
  checkPageTokens: { name: 'check-page-tokens', everyMs: 6 * 3600_000 },
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
