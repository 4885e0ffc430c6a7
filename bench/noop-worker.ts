// The scheduler benchmark's ceiling: a worker process that takes publish jobs off bull and does nothing.
// Env: REDIS_URL, QUEUE_PREFIX, CONCURRENCY. Same queue, job name and concurrency as jobs/worker.ts.
import Queue from 'bull'
import { JOBS } from '../src/queues.js'

const queue = new Queue(JOBS['publish-post'].queue, process.env.REDIS_URL as string, {
  prefix: process.env.QUEUE_PREFIX as string,
})
queue.process('publish-post', Number(process.env.CONCURRENCY), async () => ({ outcome: 'noop' }))
queue.on('error', (err) => console.error(`[noop-worker] ${err.message}`))
process.once('SIGTERM', () => {
  queue.close().finally(() => process.exit(0))
})
