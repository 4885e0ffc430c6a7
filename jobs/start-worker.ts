// Wires every job's processor to its queue for the worker process; tests start it in-process the same way.
import { hostname } from 'node:os'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Config } from '../src/config.js'
import { buildCore } from '../src/core.js'
import type { ModuleSeams } from '../src/modules/module.js'
import {
  BACKFILL_DAYS,
  closeQueues,
  enqueue,
  JOB_NAMES,
  JOBS,
  type JobName,
  type Queues,
} from '../src/queues.js'
import { PROCESSORS, type Processor } from './processors.js'

export type RunningWorker = { id: string; app: FastifyInstance; queues: Queues; close(): Promise<void> }

export type WorkerOptions = ModuleSeams

/** Refuses a job table and processors that disagree: every job has exactly one processor. */
export function checkProcessors(processors: Record<string, unknown>): void {
  const missing = JOB_NAMES.filter((name) => !processors[name])
  const unknown = Object.keys(processors).filter((name) => !(name in JOBS))
  if (missing.length || unknown.length) {
    throw new Error(
      [
        missing.length ? `jobs without a processor: ${missing.join(', ')}` : '',
        unknown.length ? `processors for jobs not in the job table: ${unknown.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    )
  }
}

export async function startWorker(
  config: Config,
  log: Logger,
  seams: WorkerOptions = {},
): Promise<RunningWorker> {
  checkProcessors(PROCESSORS)
  const id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`
  const app = await buildCore(config, { logger: log, seams })
  const { queues } = app

  for (const name of JOB_NAMES) {
    const processor = PROCESSORS[name] as Processor<JobName>
    queues[JOBS[name].queue].process(name, processor.concurrency(app), (job) =>
      processor.run(job.data, {
        app,
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
        worker: id,
      }),
    )
  }

  // Bull keys a repeatable job by name and interval, so several workers add it once between them.
  // Adding again is harmless, and it brings the schedule back after Redis lost its data.
  const every = (ms: number, keep = 50) => ({
    repeat: { every: ms },
    removeOnComplete: keep,
    removeOnFail: 50,
  })
  const scheduleRepeatables = () =>
    Promise.all([
      enqueue(queues, 'check-page-tokens', {}, every(JOBS['check-page-tokens'].everyMs)),
      enqueue(queues, 'reconcile-posts', {}, every(config.POSTS_RECONCILE_EVERY_MS, 20)),
      enqueue(queues, 'collect-all-comment-entries', {}, every(JOBS['collect-all-comment-entries'].everyMs)),
      enqueue(queues, 'open-campaigns', {}, every(JOBS['open-campaigns'].everyMs)),
      enqueue(queues, 'pseudonymise-entrants', {}, every(JOBS['pseudonymise-entrants'].everyMs)),
      enqueue(queues, 'backfill', { days: BACKFILL_DAYS }, every(JOBS.backfill.everyMs)),
      enqueue(queues, 'collect-insights', {}, every(JOBS['collect-insights'].everyMs)),
      enqueue(queues, 'goals-digest', {}, every(JOBS['goals-digest'].everyMs)),
      enqueue(queues, 'attribute-orders', {}, every(JOBS['attribute-orders'].everyMs)),
      enqueue(queues, 'reconcile-shop', {}, every(config.SHOP_RECONCILE_EVERY_MS, 20)),
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
    id,
    app,
    queues,
    async close() {
      clearInterval(watchdog)
      // close() waits for the active jobs of this worker; unfinished ones return to the queue as stalled.
      await closeQueues(queues)
      await app.close()
    },
  }
}
