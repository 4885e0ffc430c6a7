// bench:links — the tracked-link redirect under load: p99 at 50 connections against the same run's
// ceiling (a bare Fastify redirect on the same store, bench/links-server.ts), with autocannon.
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import autocannon from 'autocannon'
import mongoose from 'mongoose'
import { loadConfig } from '../src/config.js'
import { buildCore } from '../src/core.js'
import { freeTcpPort, serve, withServices } from './services.js'

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const LINKS = 200
const TARGET_P99_MS = 20
const log = (message: string) => console.error(message)
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

async function startServer(mode: 'app' | 'bare', baseEnv: Record<string, string>) {
  // Listening on the port PUBLIC_URL names, so the canonical-origin redirect does not answer instead.
  const port = await freeTcpPort()
  const env = { ...baseEnv, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }
  return mode === 'app' ? serve('app-server.ts', [], env) : serve('ceiling-server.ts', ['redirect'], env)
}

async function load(port: number, codes: string[]) {
  let i = 0
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'user-agent': CHROME },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          i = (i + 1) % codes.length
          return { ...req, path: `/r/${codes[i]}` }
        },
      },
    ],
  })
  const other = result['1xx'] + result['2xx'] + result['4xx'] + result['5xx']
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    redirects: result['3xx'],
    errors: result.errors + result.timeouts,
    non_redirects: other,
  }
}

await withServices('links', async ({ redisUrl, store, database }) => {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    MONGODB_URI: database('fanfare_bench_links'),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench_links_${Date.now()}`,
    PUBLIC_URL: 'http://127.0.0.1:1',
    FANFARE_SECRET_KEY: randomBytes(32).toString('base64'),
    FACEBOOK_APP_ID: '1234567890',
    FACEBOOK_APP_SECRET: randomBytes(16).toString('hex'),
    WEBHOOK_VERIFY_TOKEN: randomBytes(8).toString('hex'),
  }
  // The links, made as publishing makes them.
  const core = await buildCore(loadConfig(env), { logger: false })
  const codes: string[] = []
  for (let n = 0; n < LINKS; n++) {
    const post = await core.links.tracking.rewritePost({
      id: randomBytes(12).toString('hex'),
      pageId: 'bench',
      label: 'promotion',
      message: `Bench ${n}: https://shop.example.nl/p/${n}`,
      link: null,
    })
    codes.push(/\/r\/([A-Za-z0-9]{8})/.exec(post.message)?.[1] as string)
  }
  await core.close()

  const measure = async (mode: 'app' | 'bare') => {
    const server = await startServer(mode, env)
    try {
      const warm = await load(server.port, codes.slice(0, 10)) // warm-up: JIT, pool, link cache
      const loadBefore = loadavg()[0] as number
      const figures = await load(server.port, codes)
      return {
        ...figures,
        allRedirects: warm.redirects + figures.redirects,
        load: Number(loadBefore.toFixed(1)),
      }
    } finally {
      await server.stop()
    }
  }
  const ceiling = await measure('bare')
  log(`ceiling (bare Fastify + driver): ${JSON.stringify(ceiling)}`)
  const app = await measure('app')
  log(`Fanfare /r/:code: ${JSON.stringify(app)}`)
  // Every redirect a person got must be a stored click once the web process has closed.
  const check = await mongoose.createConnection(env.MONGODB_URI as string).asPromise()
  const [sum] = await check
    .collection('linkclicks')
    .aggregate<{ n: number }>([
      { $match: { code: { $exists: true } } },
      { $group: { _id: null, n: { $sum: '$n' } } },
    ])
    .toArray()
  await check.close()
  // Requests still in flight when autocannon stops are answered and counted but not seen by it
  // (at most one per connection per run), so stored may exceed the redirects it saw.
  const stored = sum?.n ?? 0
  const clicksLost = Math.max(0, app.allRedirects - stored)
  console.log(
    JSON.stringify({
      bench: 'links',
      store,
      connections: CONNECTIONS,
      seconds: SECONDS,
      p99_ms: app.p99_ms,
      p50_ms: app.p50_ms,
      rps: app.rps,
      errors: app.errors,
      non_redirects: app.non_redirects,
      clicks_lost: clicksLost,
      clicks_stored: stored,
      redirects_seen: app.allRedirects,
      ceiling_p99_ms: ceiling.p99_ms,
      ceiling_rps: ceiling.rps,
      ratio: Number((ceiling.p99_ms / Math.max(app.p99_ms, 0.001)).toFixed(2)),
      target_p99_ms: TARGET_P99_MS,
      meets_target: app.p99_ms < TARGET_P99_MS,
      load: loadavg().map((l) => Number(l.toFixed(1))),
    }),
  )
})
