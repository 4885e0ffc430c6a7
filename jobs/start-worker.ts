// Wires processors to queues for the worker process; tests start it in-process the same way.
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import type { Config } from '../src/config.js'
import { connectDatabase, type Database } from '../src/db.js'
import { createGraphClient } from '../src/graph/index.js'
import { closeQueues, createQueues, MAINTENANCE_JOBS, POST_JOBS, type Queues } from '../src/queues.js'
import { createServices, graphConfig, type ServiceDeps, type Services } from '../src/services.js'
import { checkPageTokens } from './check-page-tokens.js'
import { publishPost } from './publish-post.js'
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

  // Bull keys a repeatable job by name and interval, so several workers add it once between them.
  // Adding again is harmless, and it brings the schedule back after Redis lost its data.
  const scheduleRepeatables = () =>
    Promise.all([
      queues.maintenance.add(
        check.name,
        {},
        { repeat: { every: check.everyMs }, removeOnComplete: 50, removeOnFail: 50 },
      ),
      queues.maintenance.add(
        reconcile.name,
        {},
        { repeat: { every: config.POSTS_RECONCILE_EVERY_MS }, removeOnComplete: 20, removeOnFail: 50 },
      ),
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
      await db.close()
    },
  }
}
