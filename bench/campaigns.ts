// Campaign benchmark: entries through the real HTTP entry endpoint (50 in flight, 10 % of fans
// submitting twice at the same instant) against a same-run ceiling (a bare Fastify endpoint that
// inserts one document through the driver into a uniquely indexed collection of the same store, same
// client, same concurrency; the two take turns over 4 slices of the fans so they meet the same load),
// a draw over many stored entries, and the streamed CSV of the draw's
// entries. Starts its own Redis, MongoDB-compatible store and sandbox unless REDIS_URL / MONGODB_URI
// are set (the embedded store's memory backend defaults to a 4g heap cap, enough for a million entries).
// The export is served by a fresh web process run as npm start runs it (node --import tsx), under a
// 256 MB heap cap (BENCH_HEAP_MB), with a PUBLIC_URL of its own.
// Usage: npm run bench:campaigns   (sizes: BENCH_ENTRIES=2000 BENCH_DRAW_ENTRIES=1000000)
// Last line: {"bench":"campaigns","store":…,"entries":…,"entries_per_s":…,"p99_ms":…,
//             "ceiling_entries_per_s":…,"ceiling_p99_ms":…,"ratio":…,"duplicate_submits":…,
//             "duplicate_entries":…,"draw_entries":…,"draw_ms":…,"export_rows":…,"export_peak_rss_mb":…}
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { Types } from 'mongoose'
import { startSandbox } from '../sandbox/app.js'
import { DEMO_PAGE_ID } from '../sandbox/seed.js'
import { loadConfig } from '../src/config.js'
import { buildCore } from '../src/core.js'
import { newEntryRef } from '../src/modules/campaigns/draw.js'
import { createPageRepository } from '../src/modules/pages/repository.js'
import { freeTcpPort, loadAverage, onEnd, serve, withServices } from './services.js'

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 2_000)
const DRAW_ENTRIES = Number(process.env.BENCH_DRAW_ENTRIES ?? 1_000_000)
const CONCURRENCY = 50
/** Fanfare and the ceiling take turns, a slice of the fans each, so the load they meet is alike. */
const TURNS = 4
const log = (message: string) => console.error(message)

type Jar = Map<string, string>
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
function keepCookies(jar: Jar, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const at = (pair ?? '').indexOf('=')
    if (at > 0) jar.set((pair as string).slice(0, at), (pair as string).slice(at + 1))
  }
}

/**
 * The web process's memory under a million-row export is the figure, so the heap is capped the way
 * a deployment would cap it: V8 otherwise lets garbage pile up to gigabytes before collecting, and
 * RSS would measure its laziness rather than what the export keeps. Too small a cap would crash.
 */
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 256)

/** Node flags for a web process of this benchmark: the loader this process runs under, the heap cap. */
const webExecArgv = (extra: string[] = []) => [
  ...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')),
  `--max-old-space-size=${HEAP_MB}`,
  ...extra,
]

await withServices('campaigns', async ({ redisUrl, store, database }) => {
  const appSecret = randomBytes(16).toString('hex')
  const sandbox = await startSandbox({ appId: '1234567890', appSecret })
  onEnd(() => sandbox.close())
  const port = await freeTcpPort()
  const base = `http://127.0.0.1:${port}`
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    // BENCH_LOG_LEVEL=error shows what failed, on stdout before the result line.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    MONGODB_URI: database('fanfare_bench'),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench_${Date.now()}`,
    FANFARE_SECRET_KEY: randomBytes(32).toString('base64'),
    FACEBOOK_APP_ID: '1234567890',
    FACEBOOK_APP_SECRET: appSecret,
    WEBHOOK_VERIFY_TOKEN: 'bench-verify-token',
    GRAPH_BASE_URL: sandbox.url,
    FACEBOOK_DIALOG_URL: sandbox.url,
    PUBLIC_URL: base,
    // Every simulated fan comes from its own address (X-Forwarded-For), as real fans do.
    TRUST_PROXY: '127.0.0.1',
    PORT: String(port),
  }
  // Set-up, the draw and the counts go through the services in this process (the load generator);
  // the entries are served by a web process of its own with the heap cap, as the ceiling is.
  const app = await buildCore(loadConfig(env), { logger: false })
  onEnd(() => app.close())
  const web = await serve('app-server.ts', [], env, { execArgv: webExecArgv() })
  const { compose, lifecycle, results } = app.campaigns

  // A connected page and an open contest, set up through the services.
  const actor = { userId: null, name: 'bench', via: 'system' as const }
  const page = await (await createPageRepository(app.store.connection)).upsertConnection(DEMO_PAGE_ID, {
    name: 'Demo Webshop',
    category: 'Shop',
    // The draw and the entry path never call Graph with the page token.
    sealedPageToken: 'not-used-by-this-benchmark',
    tasks: [],
    webhookSubscribed: false,
    connectedBy: new Types.ObjectId().toHexString(),
  })
  const now = DateTime.utc()
  const form = {
    pageId: page.id,
    kind: 'contest' as const,
    titleNl: 'Bench',
    opensAt: now.minus({ minutes: 1 }).toISO() as string,
    closesAt: now.plus({ hours: 2 }).toISO() as string,
    rulesNl: 'Benchmark campaign. Klachten via de klantenservice.',
    prizeValueEuro: 10,
    winnerCount: 10,
    entryMethod: 'login' as const,
    entryCostEuro: 0,
    askEmail: false,
    countries: [],
    questions: [],
    pollOptions: [],
    pollShowResults: 'always' as const,
    commentIncludeReplies: false,
  }
  const { campaign } = await compose.create(actor, form)
  await lifecycle.publish(actor, campaign.id)

  // Fans: sandbox users logged in through the real fan login flow.
  log(`logging in ${ENTRIES} fans…`)
  const fans: { jar: Jar; csrf: string; ip: string }[] = []
  const loginOne = async (i: number) => {
    const id = String(170_000_000_000_000 + i)
    await fetch(`${sandbox.url}/__sandbox/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, name: `Bench fan ${i}`, kind: 'fan' }),
    })
    const jar: Jar = new Map()
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
    const headers = () => ({ cookie: cookieHeader(jar), 'x-forwarded-for': ip })
    const start = await fetch(`${base}/c/${campaign.slug}/login`, { headers: headers(), redirect: 'manual' })
    keepCookies(jar, start)
    const dialog = new URL(start.headers.get('location') as string)
    dialog.searchParams.set('sandbox_user', id)
    dialog.searchParams.set('sandbox_decision', 'approve')
    const decided = await fetch(dialog, { redirect: 'manual' })
    const back = new URL(decided.headers.get('location') as string)
    const callback = await fetch(`${base}${back.pathname}${back.search}`, {
      headers: headers(),
      redirect: 'manual',
    })
    keepCookies(jar, callback)
    const pageAnswer = await fetch(`${base}/c/${campaign.slug}`, { headers: headers() })
    keepCookies(jar, pageAnswer)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await pageAnswer.text())?.[1] as string
    fans[i] = { jar, csrf, ip }
  }
  for (let i = 0; i < ENTRIES; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, ENTRIES - i) }, (_, k) => loginOne(i + k)))
  }

  // Entries: 50 in flight; every tenth fan submits twice at the same instant.
  const post = async (url: string, fan: (typeof fans)[number]) => {
    const started = performance.now()
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        cookie: cookieHeader(fan.jar),
        'x-forwarded-for': fan.ip,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: fan.csrf, country: 'NL' }),
      redirect: 'manual',
    })
    await res.arrayBuffer()
    return { status: res.status, ms: performance.now() - started }
  }
  type Tally = { latencies: number[]; statuses: Map<number, number>; seconds: number }
  const tally = (): Tally => ({ latencies: [], statuses: new Map(), seconds: 0 })
  /** Enters the fans `from`..`to` at `url`, 50 in flight, adding to `into`. */
  const run = async (url: string, from: number, to: number, into: Tally) => {
    const jobs: (() => Promise<{ status: number; ms: number }[]>)[] = fans
      .slice(from, to)
      .map((fan, k) =>
        (from + k) % 10 === 0
          ? () => Promise.all([post(url, fan), post(url, fan)])
          : async () => [await post(url, fan)],
      )
    const { latencies, statuses } = into
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++] as (typeof jobs)[number]
          for (const r of await job()) {
            latencies.push(r.ms)
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
          }
        }
      }),
    )
    into.seconds += (performance.now() - started) / 1000
  }
  const summary = ({ latencies, statuses, seconds }: Tally) => {
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      perSecond: Math.round(sorted.length / seconds),
      p99: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
      statuses: Object.fromEntries(statuses),
    }
  }

  // The ceiling: the least an entry can cost on this store (bench/ceiling-server.ts 'entry'),
  // served the same way: a process of its own, the same heap cap, the same client.
  const ceiling = await serve(
    'ceiling-server.ts',
    ['entry'],
    { MONGODB_URI: env.MONGODB_URI as string },
    {
      execArgv: webExecArgv(),
    },
  )

  // In turns, a slice of the fans through Fanfare and the same slice through the ceiling, so both
  // sides meet the same load on the shared machine (one long run each would not).
  const fanfareTally = tally()
  const ceilingTally = tally()
  for (let turn = 0; turn < TURNS; turn++) {
    const [from, to] = [Math.floor((turn * ENTRIES) / TURNS), Math.floor(((turn + 1) * ENTRIES) / TURNS)]
    log(`turn ${turn + 1} of ${TURNS}: fans ${from}–${to - 1} through Fanfare, then the ceiling endpoint…`)
    await run(`${base}/c/${campaign.slug}/enter`, from, to, fanfareTally)
    await run(`${ceiling.url}/enter`, from, to, ceilingTally)
  }
  const fanfareRun = summary(fanfareTally)
  const ceilingRun = summary(ceilingTally)
  log(`Fanfare: ${JSON.stringify(fanfareRun)}; uptime ${loadAverage()}`)
  log(`ceiling: ${JSON.stringify(ceilingRun)}; uptime ${loadAverage()}`)
  await ceiling.stop()
  await web.stop()
  const stored = await results.count(campaign)
  log(`stored ${stored} entries`)

  // The draw over DRAW_ENTRIES stored entries (bulk-inserted, as the HTTP path is measured above).
  const drawCampaign = (await compose.create(actor, { ...form, titleNl: 'Bench draw' })).campaign
  await lifecycle.publish(actor, drawCampaign.id)
  const rawEntries = app.store.connection.collection('campaignentries')
  log(`inserting ${DRAW_ENTRIES} entries for the draw…`)
  // Each with its draw key, as the entry path stores it (rank-keys.ts).
  const { rankKeys } = app.campaigns
  for (let i = 0; i < DRAW_ENTRIES; i += 10_000) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10_000, DRAW_ENTRIES - i) }, async (_, k) => {
        const ref = newEntryRef()
        return {
          campaignId: new Types.ObjectId(drawCampaign.id),
          ref,
          rankKey: await rankKeys.keyOf(drawCampaign.id, ref),
          entrant: { kind: 'app', id: String(i + k), name: '' },
          // Unique per entrant, as the entry path stores it (the fans here are made up).
          entrantKey: `bench:${i + k}`,
          status: 'active',
        }
      }),
    )
    await rawEntries.insertMany(batch, { ordered: false })
  }
  await lifecycle.closeNow(actor, drawCampaign.id)
  log(`drawing; uptime ${loadAverage()}`)
  const drawStarted = performance.now()
  const drawn = await lifecycle.draw(actor, drawCampaign.id)
  const drawMs = performance.now() - drawStarted
  log(`drew ${drawn.winners.length} winners over ${drawn.drawnEntryCount} entries`)

  // The streamed CSV of the draw's entries, served by a fresh web process (bench/app-server.ts,
  // same app, store and heap cap): its RSS before and at its peak while it streams. This process
  // has just bulk-inserted a million entries, so its own RSS would mostly measure that.
  // It gets a PUBLIC_URL of its own: in production the canonical-origin plugin answers a request
  // under any other host with a 308 to PUBLIC_URL (here the stopped entry web process).
  const exportPort = await freeTcpPort()
  const exporter = await serve(
    'app-server.ts',
    [],
    { ...env, PORT: String(exportPort), PUBLIC_URL: `http://127.0.0.1:${exportPort}` },
    { execArgv: webExecArgv(['--expose-gc']) },
  )
  const exported = await fetch(`${exporter.url}/c/${drawn.slug}/entries.csv`, { redirect: 'error' })
  if (!exported.ok) throw new Error(`the export answered ${exported.status}: ${await exported.text()}`)
  let rows = -1
  const decoder = new TextDecoder()
  for await (const chunk of exported.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true })
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) rows += 1
  }
  const { rssBefore = 0, peak = 0, maxRss = 0 } = (await exporter.stop()) as Record<string, number>
  log(
    `exported ${rows} rows from a fresh process; RSS ${Math.round(rssBefore / 1048576)} MB before, peak ${Math.round(Math.max(peak, maxRss) / 1048576)} MB; this process ${Math.round(process.memoryUsage().rss / 1048576)} MB`,
  )

  console.log(
    JSON.stringify({
      bench: 'campaigns',
      store,
      load: loadAverage(),
      entries: stored,
      entries_per_s: fanfareRun.perSecond,
      p99_ms: fanfareRun.p99,
      ceiling_entries_per_s: ceilingRun.perSecond,
      ceiling_p99_ms: ceilingRun.p99,
      ratio: Math.round((fanfareRun.perSecond / ceilingRun.perSecond) * 100) / 100,
      duplicate_submits: Math.ceil(ENTRIES / 10),
      duplicate_entries: stored - ENTRIES,
      draw_entries: drawn.drawnEntryCount,
      draw_ms: Math.round(drawMs),
      export_rows: rows,
      export_peak_rss_mb: Math.round(Math.max(peak, maxRss) / 1024 / 1024),
      export_rss_before_mb: Math.round(rssBefore / 1024 / 1024),
      export_process: 'fresh',
      heap_cap_mb: HEAP_MB,
    }),
  )
})
