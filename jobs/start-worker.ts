// Wires processors to queues for the worker process; tests start it in-process the same way.
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import type { Config } from '../src/config.js'
import { connectDatabase, type Database } from '../src/db.js'
import { createGraphClient } from '../src/graph/index.js'
import {
  CAMPAIGN_JOBS,
  COMMENT_JOBS,
  closeQueues,
  createQueues,
  MAINTENANCE_JOBS,
  POST_JOBS,
  type Queues,
} from '../src/queues.js'
import { createServices, graphConfig, type ServiceDeps, type Services } from '../src/services.js'
import { applyCommentEvent } from './apply-comment-event.js'
import { backfillComments } from './backfill-comments.js'
import { checkPageTokens } from './check-page-tokens.js'
import { collectCommentEntries } from './collect-comment-entries.js'
import { pseudonymiseEntrants } from './pseudonymise-entrants.js'
import { publishPost } from './publish-post.js'
import { reclassifyComments } from './reclassify-comments.js'
import { reconcilePosts } from './reconcile-posts.js'

export type WorkerDeps = { config: Config; db: Database; queues: Queues; services: Services; log: Logger }

export type RunningWorker = WorkerDeps & { id: string; close(): Promise<void> }

export type WorkerOptions = Pick<ServiceDeps, 'afterGraphCall'>

export async function startWorker(
  config: Config,
  log: Logger,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`
  const db = await connectDatabase(config.MONGODB_URI)
  const queues = createQueues({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    retryBaseMs: config.POSTS_RETRY_BASE_MS,
    onError: (name, err) => log.warn({ queue: name, err: err.message }, 'queue connection problem'),
  })
  const graph = createGraphClient(graphConfig(config, log))
  const services = createServices({ config, db, graph, queues, log, ...options })
  const deps: WorkerDeps = { config, db, queues, services, log }
  const { checkPageTokens: check, reconcilePosts: reconcile } = MAINTENANCE_JOBS

  queues.maintenance.process(check.name, 1, (job) => checkPageTokens(job.data, deps))
  queues.maintenance.process(reconcile.name, 1, (job) => reconcilePosts(job.data, deps))
  queues.posts.process(POST_JOBS.publish.name, config.POSTS_CONCURRENCY, (job) =>
    publishPost(job.data, deps, {
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      worker: id,
    }),
  )

  const { applyEvent, backfill, reclassify } = COMMENT_JOBS
  queues.comments.process(applyEvent.name, 8, (job) => applyCommentEvent(job.data, deps))
  queues.comments.process(backfill.name, 1, (job) => backfillComments(job.data, deps))
  queues.comments.process(reclassify.name, 1, (job) => reclassifyComments(job.data, deps))

  const { collectCommentEntries: collectOne, collectAllCommentEntries: collectAll } = CAMPAIGN_JOBS
  const { pseudonymiseEntrants: retention } = CAMPAIGN_JOBS
  queues.campaigns.process(collectOne.name, 1, (job) => collectCommentEntries(job.data, deps))
  queues.campaigns.process(collectAll.name, 1, () => collectCommentEntries({}, deps))
  queues.campaigns.process(retention.name, 1, () =>
    pseudonymiseEntrants({ retentionDays: config.CAMPAIGN_RETENTION_DAYS }, deps),
  )

  // Bull keys a repeatable job by name and interval, so several workers add it once between them.
  // Adding again is harmless, and it brings the schedule back after Redis lost its data.
  const every = (ms: number, keep = 50) => ({
    repeat: { every: ms },
    removeOnComplete: keep,
    removeOnFail: 50,
  })
  const scheduleRepeatables = () =>
    Promise.all([
      queues.maintenance.add(check.name, {}, every(check.everyMs)),
      queues.maintenance.add(reconcile.name, {}, every(config.POSTS_RECONCILE_EVERY_MS, 20)),
      queues.campaigns.add(collectAll.name, {}, every(collectAll.everyMs)),
      queues.campaigns.add(retention.name, {}, every(retention.everyMs)),
      queues.comments.add(backfill.name, { days: backfill.days }, every(backfill.everyMs)),
    ])
  await scheduleRepeatables()
  const watchdog = setInterval(() => {
    scheduleRepeatables().catch((err) => log.warn({ err: err.message }, 'could not schedule repeatable jobs'))
  }, config.POSTS_RECONCILE_EVERY_MS)
  watchdog.unref()

  for (const [name, queue] of Object.entries(queues)) {
    queue.on('failed', (job, err) => log.warn({ queue: name, jobId: job.id, err: err.message }, 'job failed'))
  }
  return {
    ...deps,
    id,
    async close() {
      clearInterval(watchdog)
      // close() waits for the active jobs of this worker; unfinished ones return to the queue as stalled.
      await closeQueues(queues)
      await services.comments.live.close()
      await db.close()
    },
  }
}
