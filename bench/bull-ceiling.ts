// The scheduler benchmark's same-run ceiling: no-op publish jobs through bull on the same Redis, with the
// same number of jobs, worker processes, concurrency and schedule as the posts.
import { type ChildProcess, spawn } from 'node:child_process'
import { projectRoot } from '../src/paths.js'
import { closeQueues, createQueues, publishJobId } from '../src/queues.js'

export type Ceiling = { jobs_per_s: number; lag_p50_ms: number; lag_p99_ms: number }

export async function measureBullCeiling(opts: {
  redisUrl: string
  jobs: number
  workers: number
  concurrency: number
  spreadMs: number
  /** started children, so the caller can kill them when interrupted */
  track: (child: ChildProcess) => void
  percentile: (sorted: number[], p: number) => number
  log: (message: string) => void
}): Promise<Ceiling> {
  const prefix = 'bench-ceiling'
  const queues = createQueues({ redisUrl: opts.redisUrl, prefix })
  const queue = queues.posts
  const children = Array.from({ length: opts.workers }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/noop-worker.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        REDIS_URL: opts.redisUrl,
        QUEUE_PREFIX: prefix,
        CONCURRENCY: String(opts.concurrency),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    opts.track(child)
    return child
  })
  try {
    // The same lead as the posts get (time to queue them), so workers are up before the first is due.
    const start = Date.now() + 10_000 + opts.jobs * 2
    for (let i = 0; i < opts.jobs; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, opts.jobs - i) }, (_, k) => {
        const n = i + k
        const due = start + Math.floor((n / opts.jobs) * opts.spreadMs)
        return {
          name: 'publish-post',
          data: { postId: `noop-${n}` },
          opts: {
            jobId: publishJobId(`noop-${n}`),
            delay: Math.max(0, due - Date.now()),
            removeOnComplete: false,
          },
        }
      })
      await queue.addBulk(batch)
    }
    const deadline = start + opts.spreadMs + 10 * 60_000
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500))
      if ((await queue.getJobCounts()).completed >= opts.jobs) break
    }
    const done = await queue.getCompleted(0, -1)
    const lags = done
      .map((job) => (job.processedOn ?? 0) - (job.timestamp + (job.opts.delay ?? 0)))
      .sort((a, b) => a - b)
    const last = Math.max(...done.map((job) => job.finishedOn ?? 0))
    const seconds = Math.max(0.001, (last - start) / 1000)
    opts.log(`ceiling: ${done.length} no-op jobs done ${seconds.toFixed(1)} s after the first due time`)
    return {
      jobs_per_s: Math.round((done.length / seconds) * 10) / 10,
      lag_p50_ms: opts.percentile(lags, 50),
      lag_p99_ms: opts.percentile(lags, 99),
    }
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(
      children.map((child) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise((r) => child.once('exit', r)),
      ),
    )
    await queue.obliterate({ force: true }).catch(() => {})
    await closeQueues(queues, true)
  }
}
