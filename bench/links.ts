// bench:links — the tracked-link redirect under load: p99 at 50 connections against the same run's
// ceiling (bare Fastify answering the same 302s from memory, bench/ceiling-server.ts), with
// autocannon in this process and each server in a process of its own (bench/services.ts).
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

async function load(port: number, codes: string[], duration: number) {
  let i = 0
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
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

  // Both servers up at once, warmed, then measured in turns (ceiling, Fanfare, Fanfare, ceiling;
  // half the time each) so both meet the same load on the shared cores; the worse turn is reported.
  const servers = { bare: await startServer('bare', env), app: await startServer('app', env) }
  const seen = { bare: 0, app: 0 }
  const turns: Record<'bare' | 'app', Awaited<ReturnType<typeof load>>[]> = { bare: [], app: [] }
  for (const mode of ['bare', 'app'] as const)
    seen[mode] += (await load(servers[mode].port, codes.slice(0, 10), SECONDS / 2)).redirects
  for (const mode of ['bare', 'app', 'app', 'bare'] as const) {
    const figures = await load(servers[mode].port, codes, SECONDS / 2)
    log(`${mode}: ${JSON.stringify(figures)}; load ${loadavg()[0]?.toFixed(1)}`)
    seen[mode] += figures.redirects
    turns[mode].push(figures)
  }
  await servers.bare.stop()
  await servers.app.stop()
  const worse = (mode: 'bare' | 'app') => {
    const [a, b] = turns[mode] as [Awaited<ReturnType<typeof load>>, Awaited<ReturnType<typeof load>>]
    return {
      ...(a.p99_ms >= b.p99_ms ? a : b),
      rps: Math.round((a.rps + b.rps) / 2),
      errors: a.errors + b.errors,
      non_redirects: a.non_redirects + b.non_redirects,
      allRedirects: seen[mode],
    }
  }
  const ceiling = worse('bare')
  const app = worse('app')
  log(`ceiling (bare Fastify 302 from memory): ${JSON.stringify(ceiling)}`)
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
