// Queues and the one typed table of jobs: each job's queue and data type, shared by every producer
// (`enqueue`) and by the worker's processors (jobs/processors.ts), which must cover every job.
import type { Queue as BullQueue, JobOptions } from 'bull'
import Queue from 'bull'
import type { CommentChange } from './modules/comments/webhook.js'

export const QUEUE_NAMES = ['maintenance', 'posts', 'campaigns', 'comments'] as const
export type QueueName = (typeof QUEUE_NAMES)[number]
export type Queues = Record<QueueName, BullQueue>

type NoData = Record<string, never>

/** Every job name and the data it carries. */
export type JobData = {
  /** Asks Graph whether every connected page's token still works (repeatable). */
  'check-page-tokens': NoData
  /** Re-queues due posts without a job, frees posts a dead worker held (repeatable). */
  'reconcile-posts': NoData
  /** Publishes one due post; its job id comes from the post (`publishJobId`). */
  'publish-post': { postId: string }
  'collect-comment-entries': { campaignId: string }
  /** A campaign's opening check (queued for its opening time), or (repeatable) every campaign due. */
  'open-campaigns': { campaignId?: string }
  'collect-all-comment-entries': NoData
  'pseudonymise-entrants': NoData
  /** One stored webhook delivery (`key`: its id) to apply; jobs queued by older versions carry the
   *  changes of one comment instead. */
  'apply-event': { key: string; facebookPageId?: string; changes?: CommentChange[] }
  /** One queued comment import, or (repeatable, without an import) every page's last few days. */
  backfill: { importId?: string; days?: number }
  reclassify: { facebookPageId: string }
  /** Page and post insights of one page, or (repeatable, daily) of every connected page. */
  'collect-insights': { pageId?: string }
  /** Every goal's weekly digest: where it stands and what to adjust (repeatable). */
  'goals-digest': NoData
  /** Reads every shop's recently changed orders into the attribution (repeatable, hourly). */
  'attribute-orders': NoData
  /** One stored shop webhook delivery (`key`: connection and delivery id) to apply. */
  'apply-shop-event': { key: string }
  /** Re-reads the stock of every watched variant of every shop (repeatable): what a webhook missed. */
  'reconcile-shop': NoData
}
export type JobName = keyof JobData

type JobSpec = { queue: QueueName; everyMs?: number; attempts?: number }

/** Where each job runs; repeatable ones say how often. */
export const JOBS = {
  'check-page-tokens': { queue: 'maintenance', everyMs: 6 * 3600_000 },
  // On the maintenance queue so it never waits behind a burst of publish jobs; interval from config.
  'reconcile-posts': { queue: 'maintenance' },
  'publish-post': { queue: 'posts', attempts: 8 },
  'collect-comment-entries': { queue: 'campaigns' },
  'open-campaigns': { queue: 'campaigns', everyMs: 5 * 60_000, attempts: 5 },
  'collect-all-comment-entries': { queue: 'campaigns', everyMs: 5 * 60_000 },
  'pseudonymise-entrants': { queue: 'campaigns', everyMs: 24 * 3600_000 },
  'apply-event': { queue: 'comments', attempts: 5 },
  backfill: { queue: 'comments', everyMs: 3600_000 },
  reclassify: { queue: 'comments' },
  'collect-insights': { queue: 'maintenance', everyMs: 24 * 3600_000 },
  'goals-digest': { queue: 'maintenance', everyMs: 7 * 24 * 3600_000 },
  'attribute-orders': { queue: 'maintenance', everyMs: 3600_000 },
  'apply-shop-event': { queue: 'maintenance', attempts: 5 },
  // Interval from config (SHOP_RECONCILE_EVERY_MS).
  'reconcile-shop': { queue: 'maintenance' },
} as const satisfies { [K in JobName]: JobSpec }

export const JOB_NAMES = Object.keys(JOBS) as JobName[]

/** Days of comments the hourly backfill looks back. */
export const BACKFILL_DAYS = 3

export const publishJobId = (postId: string) => `publish-${postId}`

/** The table's defaults for a job (its attempts), under what the producer asks for. */
const optionsFor = (name: JobName, opts: JobOptions = {}): JobOptions => {
  const spec: JobSpec = JOBS[name]
  return spec.attempts ? { attempts: spec.attempts, ...opts } : opts
}

/** Puts one job on its queue; the data type follows from the name. */
export function enqueue<K extends JobName>(queues: Queues, name: K, data: JobData[K], opts: JobOptions = {}) {
  return queues[JOBS[name].queue].add(name, data, optionsFor(name, opts))
}

/** Puts several jobs of one name on its queue in one Redis round trip. */
export function enqueueBulk<K extends JobName>(
  queues: Queues,
  name: K,
  jobs: Array<{ data: JobData[K]; opts?: JobOptions }>,
) {
  return queues[JOBS[name].queue].addBulk(
    jobs.map((j) => ({ name, data: j.data, opts: optionsFor(name, j.opts) })),
  )
}

/**
 * Back-off between attempts of a job: the wait Graph asked for (usage headers, rate limits) when it
 * gave one, else exponential from 5 s to 5 minutes.
 */
export function retryDelayMs(attemptsMade: number, err: unknown, baseMs = 5_000): number {
  const asked = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs
  if (typeof asked === 'number' && asked > 0) return Math.min(asked, 15 * 60_000)
  return Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), 5 * 60_000)
}

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
