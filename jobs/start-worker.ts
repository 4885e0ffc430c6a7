// Wires processors to queues for the worker process; tests start it in-process the same way.
import type { Logger } from 'pino'
import type { Config } from '../src/config.js'
import { connectDatabase, type Database } from '../src/db.js'
import { closeQueues, createQueues, type Queues } from '../src/queues.js'

export type WorkerDeps = { config: Config; db: Database; queues: Queues; log: Logger }

export type RunningWorker = WorkerDeps & { close(): Promise<void> }

export async function startWorker(config: Config, log: Logger): Promise<RunningWorker> {
  const db = await connectDatabase(config.MONGODB_URI)
  const queues = createQueues({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    onError: (name, err) => log.warn({ queue: name, err: err.message }, 'queue connection problem'),
  })
  const deps: WorkerDeps = { config, db, queues, log }
  for (const [name, queue] of Object.entries(queues)) {
    queue.on('failed', (job, err) => log.warn({ queue: name, jobId: job.id, err: err.message }, 'job failed'))
  }
  return {
    ...deps,
    async close() {
      // close() waits for the active jobs of this worker; unfinished ones return to the queue as stalled.
      await closeQueues(queues)
      await db.close()
    },
  }
}
