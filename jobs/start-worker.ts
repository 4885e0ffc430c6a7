// Wires processors to queues for the worker process; tests start it in-process the same way.
import type { Logger } from 'pino'
import type { Config } from '../src/config.js'
import { connectDatabase, type Database } from '../src/db.js'
import { createGraphClient } from '../src/graph/index.js'
import { COMMENT_JOBS, closeQueues, createQueues, MAINTENANCE_JOBS, type Queues } from '../src/queues.js'
import { createServices, graphConfig, type Services } from '../src/services.js'
import { applyCommentEvent } from './apply-comment-event.js'
import { backfillComments } from './backfill-comments.js'
import { checkPageTokens } from './check-page-tokens.js'
import { reclassifyComments } from './reclassify-comments.js'

export type WorkerDeps = { config: Config; db: Database; queues: Queues; services: Services; log: Logger }

export type RunningWorker = WorkerDeps & { close(): Promise<void> }

export async function startWorker(config: Config, log: Logger): Promise<RunningWorker> {
  const db = await connectDatabase(config.MONGODB_URI)
  const queues = createQueues({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    onError: (name, err) => log.warn({ queue: name, err: err.message }, 'queue connection problem'),
  })
  const graph = createGraphClient(graphConfig(config, log))
  const services = createServices({ config, db, graph, queues })
  const deps: WorkerDeps = { config, db, queues, services, log }
  const { checkPageTokens: check } = MAINTENANCE_JOBS
  queues.maintenance.process(check.name, 1, (job) => checkPageTokens(job.data, deps))
  // Bull keys a repeatable job by name and interval, so several workers add it once between them.
  await queues.maintenance.add(
    check.name,
    {},
    { repeat: { every: check.everyMs }, removeOnComplete: 50, removeOnFail: 50 },
  )
  const { applyEvent, backfill, reclassify } = COMMENT_JOBS
  queues.comments.process(applyEvent.name, 8, (job) => applyCommentEvent(job.data, deps))
  queues.comments.process(backfill.name, 1, (job) => backfillComments(job.data, deps))
  queues.comments.process(reclassify.name, 1, (job) => reclassifyComments(job.data, deps))
  await queues.comments.add(
    backfill.name,
    { days: backfill.days },
    { repeat: { every: backfill.everyMs }, removeOnComplete: 50, removeOnFail: 50 },
  )
  for (const [name, queue] of Object.entries(queues)) {
    queue.on('failed', (job, err) => log.warn({ queue: name, jobId: job.id, err: err.message }, 'job failed'))
  }
  return {
    ...deps,
    async close() {
      // close() waits for the active jobs of this worker; unfinished ones return to the queue as stalled.
      await closeQueues(queues)
      await services.comments.live.close()
      await db.close()
    },
  }
}
