// Publishes 10,000 posts over 100 sandbox pages, all due within one minute, with real worker processes;
// then, as the ceiling, the same number of no-op bull jobs on the same schedule, Redis, workers and
// concurrency (bench/noop-worker.ts).
// Usage: npm run bench:scheduler [-- --kill-worker | --flush-redis] [--posts N] [--pages N] [--workers N]
//        [--concurrency N] [--spread-ms N]   (--spread-ms 0: everything due at once, a pure backlog)
// Last line: {"bench":"scheduler","store":…,"published":…,"duplicates":…,"lost":…,"lag_p50_ms":…,
//             "posts_per_s":…,"ceiling_jobs_per_s":…,"ratio":…}
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { Redis } from 'ioredis'
import { Types } from 'mongoose'
import { startSandbox } from '../sandbox/app.js'
import { DEMO_USERS } from '../sandbox/seed.js'
import { loadConfig } from '../src/config.js'
import { PageSchema } from '../src/modules/pages/model.js'
import { type PostDoc, PostSchema } from '../src/modules/posts/model.js'
import { createPublishQueue } from '../src/modules/posts/publish-queue.js'
import { projectRoot } from '../src/paths.js'
import { closeQueues, createQueues } from '../src/queues.js'
import { createSecretBox } from '../src/security/secret-box.js'
import { connectStore, modelOn } from '../src/store.js'
import { measureBullCeiling } from './bull-ceiling.js'
import { loadAverage, onEnd, withServices } from './services.js'

const { values: args } = parseArgs({
  options: {
    'kill-worker': { type: 'boolean', default: false },
    'flush-redis': { type: 'boolean', default: false },
    posts: { type: 'string', default: '10000' },
    pages: { type: 'string', default: '100' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '25' },
    'spread-ms': { type: 'string', default: '60000' },
  },
})
const POSTS = Number(args.posts)
const PAGES = Number(args.pages)
const WORKERS = Number(args.workers)
const SPREAD_MS = Number(args['spread-ms'])
const APP = { appId: '100200300400500', appSecret: 'bench-app-secret-0123456789' }
const log = (message: string) => console.error(`[bench] ${message}`)

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

// A Redis of its own even when REDIS_URL is set: --flush-redis deletes all of its data.
await withServices(
  'scheduler',
  async ({ redisUrl, store, mongoUrl: storeUrl }) => {
    const redis = { url: redisUrl }
    const mongo = { url: storeUrl, kind: store }
    log(`store: ${mongo.kind}; redis at ${redis.url}`)
    const sandbox = await startSandbox({ ...APP, retryDelaysMs: [50] })
    onEnd(() => sandbox.close())
    const mongoUrl = new URL(mongo.url)
    mongoUrl.pathname = `/fanfare_bench_${Date.now()}`
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MONGODB_URI: mongoUrl.toString(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'bench',
      FANFARE_SECRET_KEY: randomBytes(32).toString('base64'),
      FACEBOOK_APP_ID: APP.appId,
      FACEBOOK_APP_SECRET: APP.appSecret,
      GRAPH_BASE_URL: sandbox.url,
      FACEBOOK_DIALOG_URL: sandbox.url,
      WEBHOOK_VERIFY_TOKEN: 'bench-verify-token',
      GRAPH_TIMEOUT_MS: '5000',
      POSTS_LEASE_MS: '10000',
      POSTS_RECONCILE_EVERY_MS: '5000',
      POSTS_RETRY_BASE_MS: '500',
      POSTS_CONCURRENCY: args.concurrency as string,
    }
    const config = loadConfig(env)
    const db = await connectStore(config.MONGODB_URI)
    // The bench arranges and counts documents directly, as tests do (tests/helpers/stored.ts).
    const models = {
      pages: modelOn(db.connection, 'Page', PageSchema),
      posts: modelOn(db.connection, 'Post', PostSchema),
    }
    const queues = createQueues({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX })
    const publishQueue = createPublishQueue(queues)
    const workers: ChildProcess[] = []
    // Interrupted (Ctrl+C, timeout): take the worker processes down too instead of leaving them behind.
    onEnd(() => {
      for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL')
    })
    let unexpectedExits = 0
    let stopWorkers = () => {}
    const stopAll = async () => {
      stopWorkers()
      for (const child of workers) child.kill('SIGTERM')
      await Promise.all(
        workers.map((child) =>
          child.exitCode !== null || child.signalCode !== null
            ? Promise.resolve()
            : new Promise((r) => child.once('exit', r)),
        ),
      )
    }

    try {
      // 100 pages on the sandbox with the admin as their manager, connected in Fanfare with caps raised.
      const seal = createSecretBox(config.secretKey, 'page tokens')
      const admin = DEMO_USERS.admin.id
      const control = async (path: string, body: object) => {
        const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`)
        return res.json() as Promise<Record<string, unknown>>
      }
      const pageDocs = []
      for (let i = 0; i < PAGES; i++) {
        const page = await control('/pages', {
          name: `Bench shop ${i + 1}`,
          roles: { [admin]: ['CREATE_CONTENT', 'MODERATE', 'MANAGE'] },
        })
        const token = await control('/tokens', { userId: admin, pageId: page.id, longLived: true })
        pageDocs.push({
          facebookPageId: String(page.id),
          name: String(page.name),
          sealedPageToken: seal.seal(String(token.token)),
          maxPostsPerDay: 50,
          maxPromoPostsPerWeek: 100,
          minNonPromoSharePercent: 0,
          minGapMinutes: 0,
          connectedBy: new Types.ObjectId(),
          connectedAt: new Date(),
        })
      }
      const pages = await models.pages.insertMany(pageDocs)

      // Scheduling, as the post service does it: the post in MongoDB, then its delayed job.
      const start = Date.now() + 30_000 + POSTS * 2
      const author = new Types.ObjectId()
      const docs = Array.from({ length: POSTS }, (_, i) => {
        const page = pages[i % PAGES] as (typeof pages)[number]
        return {
          pageId: page._id,
          facebookPageId: page.facebookPageId,
          message: `Bench post ${i} for ${page.name}`,
          label: 'news',
          status: 'scheduled',
          scheduledAt: new Date(start + Math.floor((i / POSTS) * SPREAD_MS)),
          authorId: author,
          authorName: 'bench',
        }
      })
      const posts = await models.posts.insertMany(docs, { lean: true })
      const queued = Date.now()
      for (let i = 0; i < posts.length; i += 200) {
        await Promise.all(
          posts.slice(i, i + 200).map((p) => publishQueue.ensure(String(p._id), p.scheduledAt as Date)),
        )
      }
      log(
        `${POSTS} posts over ${PAGES} pages queued in ${Date.now() - queued} ms; due from ${new Date(start).toISOString()} for ${SPREAD_MS / 1000} s`,
      )
      if (Date.now() > start) log('warning: scheduling took longer than the lead time; lag includes it')

      // A worker that dies without being told to (not the one --kill-worker kills) is restarted and
      // reported: on a shared machine something else may kill it, and the figures should say so.
      let stopping = false
      const killedOnPurpose = new Set<ChildProcess>()
      const spawnWorker = (): ChildProcess => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/worker.ts'], {
          cwd: projectRoot,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
        child.once('exit', (code, signal) => {
          if (stopping || killedOnPurpose.has(child)) return
          log(`worker ${child.pid} exited unexpectedly (${signal ?? code}); starting another`)
          unexpectedExits += 1
          spawnWorker()
        })
        workers.push(child)
        return child
      }
      stopWorkers = () => {
        stopping = true
      }
      for (let i = 0; i < WORKERS; i++) spawnWorker()

      // Watch until every post is out, acting once when half are.
      let disturbed = !(args['kill-worker'] || args['flush-redis'])
      const deadline = start + SPREAD_MS + 15 * 60_000
      let published = 0
      let lastReport = Date.now()
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000))
        published = await models.posts.countDocuments({ status: 'published' })
        if (Date.now() - lastReport >= 15_000) {
          lastReport = Date.now()
          log(`${published} published ${((Date.now() - start) / 1000).toFixed(0)} s after the first due time`)
        }
        if (!disturbed && published >= POSTS / 2) {
          disturbed = true
          if (args['kill-worker']) {
            const victim = workers[0] as ChildProcess
            killedOnPurpose.add(victim)
            victim.kill('SIGKILL')
            log(`SIGKILL to worker ${victim.pid} at ${published} published; starting a new one`)
            spawnWorker()
          }
          if (args['flush-redis']) {
            const client = new Redis(redis.url)
            await client.flushall()
            client.disconnect()
            log(`Redis flushed at ${published} published`)
          }
        }
        if (published >= POSTS) break
      }
      const finished = Date.now()

      // Count on the sandbox, which is what fans would see.
      const onSandbox = new Map<string, number>()
      for (const post of sandbox.app.sandbox.state.posts.values()) {
        if (post.message?.startsWith('Bench post '))
          onSandbox.set(post.message, (onSandbox.get(post.message) ?? 0) + 1)
      }
      const stored = await models.posts
        .find({}, { message: 1, scheduledAt: 1, graphCalledAt: 1, publishedAt: 1, status: 1, attempts: 1 })
        .lean<PostDoc[]>()
      const histories = new Map<string, number>()
      for (const p of stored) {
        const history = (p.attempts ?? [])
          .map((a) => a.outcome + (a.message ? `(${a.message.slice(0, 40)})` : ''))
          .join(' > ')
        histories.set(history, (histories.get(history) ?? 0) + 1)
      }
      log(`attempt histories: ${JSON.stringify(Object.fromEntries(histories))}`)
      const duplicates = [...onSandbox.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0)
      const lost = stored.filter((p) => !onSandbox.has(p.message)).length
      const lags = stored
        .filter((p) => p.graphCalledAt && p.scheduledAt)
        .map((p) => (p.graphCalledAt as Date).getTime() - (p.scheduledAt as Date).getTime())
        .sort((a, b) => a - b)
      const lastOut = Math.max(...stored.map((p) => p.publishedAt?.getTime() ?? 0))
      const seconds = (Math.min(lastOut || finished, finished) - start) / 1000
      log(`done in ${((finished - start) / 1000).toFixed(1)} s after the first due time`)
      const postsPerS = Math.round((onSandbox.size / Math.max(seconds, 1)) * 10) / 10

      // The ceiling runs alone: the scheduler's workers stop first.
      await stopAll()
      log(`ceiling: ${POSTS} no-op bull jobs, ${WORKERS} workers × ${args.concurrency}, same schedule`)
      const ceiling = await measureBullCeiling({
        redisUrl: redis.url,
        jobs: POSTS,
        workers: WORKERS,
        concurrency: Number(args.concurrency),
        spreadMs: SPREAD_MS,
        track: (child) => workers.push(child),
        percentile,
        log,
      })
      console.log(
        JSON.stringify({
          bench: 'scheduler',
          store: mongo.kind,
          mode: args['kill-worker'] ? 'kill-worker' : args['flush-redis'] ? 'flush-redis' : 'plain',
          workers: WORKERS,
          posts: POSTS,
          published: stored.filter((p) => p.status === 'published').length,
          duplicates,
          lost,
          lag_p50_ms: percentile(lags, 50),
          lag_p99_ms: percentile(lags, 99),
          posts_per_s: postsPerS,
          unexpected_worker_exits: unexpectedExits,
          ceiling_jobs_per_s: ceiling.jobs_per_s,
          ceiling_lag_p50_ms: ceiling.lag_p50_ms,
          ceiling_lag_p99_ms: ceiling.lag_p99_ms,
          ratio: Math.round((postsPerS / Math.max(ceiling.jobs_per_s, 0.1)) * 100) / 100,
          spread_ms: SPREAD_MS,
          concurrency: Number(args.concurrency),
          load: loadAverage(),
        }),
      )
    } finally {
      await stopAll()
      await closeQueues(queues, true)
      await db.close()
    }
  },
  { ownRedis: true, log },
)
