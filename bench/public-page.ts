// Public campaign page benchmark: the page fans open from Facebook on a phone, 50 at a time, half of
// them new visitors (no cookie) and half returning (the session cookie of their first visit), in
// both languages, against a same-run ceiling: a bare Fastify page on the same store that reads the
// campaign document by slug through the driver and answers a small HTML page (same client, same
// concurrency). Starts its own Redis and MongoDB-compatible store unless REDIS_URL / MONGODB_URI are set.
// Usage: npm run bench:public   (BENCH_REQUESTS=4000)
// Last line: {"bench":"public","store":…,"requests":…,"concurrency":50,"p50_ms":…,"p99_ms":…,
//             "requests_per_s":…,"ceiling_p99_ms":…,"ceiling_requests_per_s":…,"ratio":…,"load":…}
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { Types } from 'mongoose'
import { startSandbox } from '../sandbox/app.js'
import { DEMO_PAGE_ID } from '../sandbox/seed.js'
import { loadConfig } from '../src/config.js'
import { buildCore } from '../src/core.js'
import { createPageRepository } from '../src/modules/pages/repository.js'
import { freeTcpPort, loadAverage, onEnd, serve, withServices } from './services.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4_000)
const WARMUP = 300
const CONCURRENCY = 50
const log = (message: string) => console.error(message)

type Run = { perSecond: number; p50: number; p99: number; statuses: Record<number, number> }

/** `total` GETs of `url`, `CONCURRENCY` in flight; every other request is a new visitor. */
async function run(url: string, total: number): Promise<Run> {
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      let cookie = ''
      while (next < total) {
        const i = next++
        const returning = i % 2 === 1 && cookie !== ''
        const at = performance.now()
        const res = await fetch(url, {
          headers: {
            'accept-language': worker % 2 ? 'en-GB,en;q=0.9' : 'nl-NL,nl;q=0.9',
            'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) bench',
            ...(returning ? { cookie } : {}),
          },
        })
        await res.arrayBuffer()
        latencies.push(performance.now() - at)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        const set = res.headers.getSetCookie().map((line) => line.split(';')[0])
        if (set.length) cookie = set.join('; ')
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number) => Math.round((latencies[Math.floor(latencies.length * q)] ?? 0) * 10) / 10
  return {
    perSecond: Math.round(latencies.length / seconds),
    p50: at(0.5),
    p99: at(0.99),
    statuses: Object.fromEntries(statuses),
  }
}

await withServices('public', async ({ redisUrl, store, database }) => {
  const appSecret = randomBytes(16).toString('hex')
  const sandbox = await startSandbox({ appId: '1234567890', appSecret })
  onEnd(() => sandbox.close())
  const port = await freeTcpPort()
  const base = `http://127.0.0.1:${port}`
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    MONGODB_URI: database('fanfare_bench_public'),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench_public_${Date.now()}`,
    FANFARE_SECRET_KEY: randomBytes(32).toString('base64'),
    FACEBOOK_APP_ID: '1234567890',
    FACEBOOK_APP_SECRET: appSecret,
    WEBHOOK_VERIFY_TOKEN: 'bench-verify-token',
    GRAPH_BASE_URL: sandbox.url,
    FACEBOOK_DIALOG_URL: sandbox.url,
    PUBLIC_URL: base,
    PORT: String(port),
  }
  // Set up through the services in this process; the page is served by a web process of its own.
  const app = await buildCore(loadConfig(env), { logger: false })
  onEnd(() => app.close())
  const { compose, lifecycle } = app.campaigns
  const actor = { userId: null, name: 'bench', via: 'system' as const }
  const page = await (await createPageRepository(app.store.connection)).upsertConnection(DEMO_PAGE_ID, {
    name: 'Demo Webshop',
    category: 'Shop',
    sealedPageToken: 'not-used-by-this-benchmark',
    tasks: [],
    webhookSubscribed: false,
    connectedBy: new Types.ObjectId().toHexString(),
  })
  const now = DateTime.utc()
  const { campaign } = await compose.create(actor, {
    pageId: page.id,
    kind: 'contest',
    titleNl: 'Win een zomerjas',
    titleEn: 'Win a summer coat',
    descriptionNl: 'Maak kans op een van onze zomerjassen.',
    descriptionEn: 'Win one of our summer coats.',
    opensAt: now.minus({ minutes: 1 }).toISO() as string,
    closesAt: now.plus({ hours: 2 }).toISO() as string,
    rulesNl: 'Organisator: Demo Webshop. Meedoen door in te loggen. Klachten via de klantenservice.',
    rulesEn: 'Organiser: Demo Webshop. Take part by logging in. Complaints to customer service.',
    prizesNl: 'Drie zomerjassen',
    prizesEn: 'Three summer coats',
    prizeValueEuro: 300,
    winnerCount: 3,
    entryMethod: 'login',
    entryCostEuro: 0,
    askEmail: false,
    minAge: 18,
    countries: ['NL', 'BE'],
    questions: [],
    pollOptions: [],
    pollShowResults: 'always',
    commentIncludeReplies: false,
  })
  await lifecycle.publish(actor, campaign.id)
  const url = `${base}/c/${campaign.slug}`

  const web = await serve('app-server.ts', [], env)
  // The ceiling: the least a public page can cost on this store, served the same way.
  const ceiling = await serve('ceiling-server.ts', ['page'], { MONGODB_URI: env.MONGODB_URI as string })
  const ceilingUrl = `${ceiling.url}/c/${campaign.slug}`

  log(`warming up; load ${loadAverage()}`)
  await run(url, WARMUP)
  await run(ceilingUrl, WARMUP)
  log(`the public page, ${REQUESTS} requests…`)
  const fanfare = await run(url, REQUESTS)
  log(`Fanfare: ${JSON.stringify(fanfare)}; load ${loadAverage()}`)
  const bare = await run(ceilingUrl, REQUESTS)
  log(`ceiling: ${JSON.stringify(bare)}; load ${loadAverage()}`)

  await ceiling.stop()
  await web.stop()
  if (Object.keys(fanfare.statuses).some((status) => status !== '200')) {
    throw new Error(`the public page answered ${JSON.stringify(fanfare.statuses)}`)
  }
  console.log(
    JSON.stringify({
      bench: 'public',
      store,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      p50_ms: fanfare.p50,
      p99_ms: fanfare.p99,
      requests_per_s: fanfare.perSecond,
      ceiling_p50_ms: bare.p50,
      ceiling_p99_ms: bare.p99,
      ceiling_requests_per_s: bare.perSecond,
      ratio: Math.round((fanfare.perSecond / bare.perSecond) * 100) / 100,
      load: loadAverage(),
    }),
  )
})
