// Posts signed webhook batches at the real endpoint of a running web server and worker (two child
// processes, like production) and measures acknowledgement latency, throughput, inbox lag, loss,
// duplicates and barometer counts; then the same batches at a bare signed-insert endpoint on the
// same store (the ceiling). Both sides first get the same warm-up of 10 batches on other posts,
// not measured (a running server's JIT and pools are warm; a freshly forked process's are not);
// Fanfare's warm-up is applied before its measured batches start. Fanfare's acks are taken while
// its worker applies beside the web process, as in production; the ceiling runs afterwards, with
// the worker idle, so the ratio includes what applying costs the acks on shared cores.
// Uses REDIS_URL / MONGODB_URI when set, else starts throwaway ones.
// Usage: npm run bench:comments   (BENCH_EVENTS=20000 BENCH_BATCH=50 BENCH_CONCURRENCY=4 BENCH_WARM_UP_BATCHES=10)
// Last line: {"bench":"comments","store":…,"events":…,"events_per_s":…,"ack_p99_ms":…,
//             "inbox_lag_p95_ms":…,"lost":…,"duplicates":…,"barometer_lost":…,"ceiling_events_per_s":…,
//             "ceiling_ack_p99_ms":…,"ratio":…,"ack_ratio":…,"web_cpu_ms_per_1k":…,"worker_cpu_ms_per_1k":…,
//             "store_cpu_ms_per_1k":…}
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import mongoose from 'mongoose'
import { startSandbox } from '../sandbox/app.js'
import { DEMO_PAGE_ID, DEMO_USERS } from '../sandbox/seed.js'
import { freeTcpPort, loadAverage, onEnd, serve, withServices } from './services.js'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000)
const BATCH = Number(process.env.BENCH_BATCH ?? 50)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
/** Batches each side gets before the measured ones (other posts, not measured). */
const WARM_UP_BATCHES = Number(process.env.BENCH_WARM_UP_BATCHES ?? 10)
/** Every Nth batch is sent twice, as Meta's retries do. */
const RESEND_EVERY = 10
/** Inbox lag is sampled on batches taken while no other sample runs (polling the inbox API for
 *  that batch's post every 100 ms), so the sampling itself does not load the store much. */
const POLL_MS = 200
/** Batches sampled for inbox lag: first, middle and last (each poll is a query on the store). */
const SAMPLES = 3
const APP_ID = '1234567890'
const APP_SECRET = 'bench-app-secret-0123456789'
const VERIFY_TOKEN = 'bench-verify-token'

/** CPU time (user + system, ms) a process has used so far, from /proc (0 where there is none). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return 0
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0
}

function startProcess(entry: string, env: Record<string, string>): ChildProcess {
  // BENCH_CPU_PROF=DIR writes a CPU profile of each process (web, worker) into DIR when it stops.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  onEnd(() => stopChild(child))
  return child
}

/** SIGTERM, and SIGKILL if it has not exited within 15 s. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function waitReady(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return
    } catch {}
    await sleep(100)
  }
  throw new Error(`${url} did not become ready`)
}

await withServices('comments', async ({ redisUrl, store, storePid, database }) => {
  const db = new URL(database('fanfare_bench'))
  const sandbox = await startSandbox({ appId: APP_ID, appSecret: APP_SECRET, webhookBatchMs: 10 })
  onEnd(() => sandbox.close())
  const port = await freeTcpPort()
  const baseUrl = `http://127.0.0.1:${port}`
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    MONGODB_URI: db.toString(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench_${randomBytes(3).toString('hex')}`,
    FANFARE_SECRET_KEY: randomBytes(32).toString('base64'),
    FACEBOOK_APP_ID: APP_ID,
    FACEBOOK_APP_SECRET: APP_SECRET,
    WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN,
    GRAPH_BASE_URL: sandbox.url,
    FACEBOOK_DIALOG_URL: sandbox.url,
  }
  const webProcess = startProcess('src/server.ts', env)
  const workerProcess = startProcess('jobs/worker.ts', env)
  await waitReady(baseUrl)

  // The admin logs in through the sandbox dialog, connects the demo page and makes an API token.
  const jar = new Map<string, string>()
  const browse = async (path: string, form?: Record<string, string>) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const at = (pair as string).indexOf('=')
      jar.set((pair as string).slice(0, at), (pair as string).slice(at + 1))
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() }
  }
  const login = await browse('/auth/login')
  const dialog = new URL(login.location as string)
  dialog.searchParams.set('sandbox_user', DEMO_USERS.admin.id)
  dialog.searchParams.set('sandbox_decision', 'approve')
  const back = new URL((await fetch(dialog, { redirect: 'manual' })).headers.get('location') as string)
  await browse(back.pathname + back.search)
  const csrfOf = async (path: string) =>
    /name="_csrf" value="([^"]+)"/.exec((await browse(path)).text)?.[1] as string
  await browse('/pages/connect', { _csrf: await csrfOf('/pages/connect'), facebookPageIds: DEMO_PAGE_ID })
  const created = await browse('/tokens', { _csrf: await csrfOf('/tokens'), name: 'bench' })
  const token = /id="token-value"[^>]*value="(ff_[^"]+)"/.exec(created.text)?.[1]
  if (!token) throw new Error(`no API token (${created.status})`)
  console.error('logged in, page connected, token made')
  const inbox = (post: string) =>
    fetch(`${baseUrl}/api/v1/comments?post=${post}&status=all&limit=200`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ comments: { id: string }[] }>)
  for (let i = 0; i < 200; i++) {
    const imports = await fetch(`${baseUrl}/api/v1/comments/imports`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ imports: { state: string }[] }>)
    if (imports.imports[0]?.state === 'done') break
    await sleep(100)
  }

  // Batches: each on its own post, so the inbox API can be asked about one batch.
  const messages = [
    'Mijn pakket is nog steeds niet geleverd 😡',
    'Super snel geleverd, top!',
    'Is de jas ook in maat XL?',
    'Kapot aangekomen, wat een teleurstelling',
    'Love it, thanks!',
  ]
  const now = Math.floor(Date.now() / 1000)
  /** Batch `b` of a series: its own post (prefix 9 measured, 8 warm-up), so the inbox API can be asked about one batch. */
  const makeBatch = (series: '9' | '8', b: number, size: number) => {
    const post = `${DEMO_PAGE_ID}_${series}${String(b).padStart(6, '0')}`
    const ids = Array.from({ length: size }, (_, i) => `${series}${b}00${i}`)
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: DEMO_PAGE_ID,
          time: now,
          changes: ids.map((id, i) => ({
            field: 'feed',
            value: {
              item: 'comment',
              verb: 'add',
              created_time: now,
              post_id: post,
              comment_id: `${post.split('_')[1]}_${id}`,
              parent_id: post,
              message: messages[i % messages.length],
              from: { id: `22${String(i).padStart(13, '0')}`, name: `Fan ${i}` },
            },
          })),
        },
      ],
    })
    return {
      post,
      ids,
      body,
      signature: `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
    }
  }
  const batches = Array.from({ length: Math.ceil(EVENTS / BATCH) }, (_, b) =>
    makeBatch('9', b, Math.min(BATCH, EVENTS - b * BATCH)),
  )
  const warmUp = Array.from({ length: WARM_UP_BATCHES }, (_, b) => makeBatch('8', b, BATCH))

  const acks: number[] = []
  const lags: number[] = []
  const samplers: Promise<void>[] = []
  let sampling = false
  let failedPosts = 0
  const send = async (batch: (typeof batches)[number], url = baseUrl) => {
    const t0 = performance.now()
    const res = await fetch(`${url}/webhooks/facebook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': batch.signature },
      body: batch.body,
    })
    await res.arrayBuffer()
    acks.push(performance.now() - t0)
    if (!res.ok) failedPosts++
    return t0
  }
  const sample = async (batch: (typeof batches)[number], sentAt: number) => {
    const seen = new Set<string>()
    for (let i = 0; i < 2400 && seen.size < batch.ids.length; i++) {
      const { comments } = await inbox(batch.post)
      const t = performance.now()
      for (const c of comments) {
        if (!seen.has(c.id)) {
          seen.add(c.id)
          lags.push(t - sentAt)
        }
      }
      await sleep(POLL_MS)
    }
  }

  // The same short warm-up for Fanfare and the ceiling, not measured: a running server has a
  // warm JIT and warm connection pools, a freshly forked one has neither. Fanfare's is applied
  // before the measured batches start, so the worker is idle again when they do.
  const conn = await mongoose.createConnection(db.toString()).asPromise()
  onEnd(() => conn.close())
  const comments = conn.collection('comments')
  for (const batch of warmUp) await send(batch)
  for (let i = 0; i < 600; i++) {
    const applied = await comments.countDocuments({
      postId: { $regex: `^${DEMO_PAGE_ID}_8` },
      contentVersion: { $gt: 0 },
    })
    if (applied >= WARM_UP_BATCHES * BATCH) break
    await sleep(100)
  }
  acks.splice(0)
  console.error(`warmed up with ${warmUp.length} batches; sending ${batches.length} batches`)
  const startedAt = performance.now()
  // CPU used by the web process and the worker over the measured run: what the figures cost on
  // shared cores, less sensitive than the rates to what else the machine is doing.
  const cpuAtStart = {
    web: cpuMs(webProcess.pid),
    worker: cpuMs(workerProcess.pid),
    store: cpuMs(storePid),
  }
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const index = next++
        const batch = batches[index] as (typeof batches)[number]
        const sentAt = await send(batch)
        if (index % RESEND_EVERY === 0) await send(batch)
        const sampled = [0, Math.floor(batches.length / 2), batches.length - 1]
        if (!sampling && sampled.slice(0, SAMPLES).includes(index)) {
          sampling = true
          samplers.push(sample(batch, sentAt).finally(() => (sampling = false)))
        }
      }
    }),
  )
  const ackedAt = performance.now()
  console.error(`all acknowledged after ${((ackedAt - startedAt) / 1000).toFixed(2)} s`)

  // Wait until every delivery is applied (or nothing moves for 20 s). The poll asks for the
  // measured deliveries by id (an index lookup each), not for their comments: a count of comments
  // by post prefix is a scan with a regular expression per document on the embedded store, and
  // would load the store the benchmark measures.
  console.error(`${await conn.collection('webhookevents').countDocuments()} deliveries stored`)
  const deliveryIds = batches.map((b) => createHash('sha256').update(b.body).digest('hex'))
  const deliveries = conn.collection<{ _id: string }>('webhookevents')
  let appliedDeliveries = 0
  let lastChange = performance.now()
  while (performance.now() - lastChange < 20_000) {
    const count = await deliveries.countDocuments({ _id: { $in: deliveryIds }, appliedAt: { $ne: null } })
    if (count !== appliedDeliveries) {
      console.error(`${count} of ${deliveryIds.length} deliveries applied`)
      appliedDeliveries = count
      lastChange = performance.now()
    }
    if (appliedDeliveries >= deliveryIds.length) break
    await sleep(200)
  }
  const appliedAt = performance.now()
  const cpu = {
    web: cpuMs(webProcess.pid) - cpuAtStart.web,
    worker: cpuMs(workerProcess.pid) - cpuAtStart.worker,
    store: cpuMs(storePid) - cpuAtStart.store,
  }
  await Promise.all(samplers)
  const expected = EVENTS
  const stored = await comments.countDocuments({
    postId: { $regex: `^${DEMO_PAGE_ID}_9` },
    contentVersion: { $gt: 0 },
  })
  const docs = await comments
    .find({ postId: { $regex: `^${DEMO_PAGE_ID}_9` } }, { projection: { facebookCommentId: 1 } })
    .toArray()
  const unique = new Set(docs.map((d) => d.facebookCommentId)).size
  // Every fan comment counted (the connect import's too) must be on the day counters.
  const counted = await comments.countDocuments({ byPage: false, counted: { $ne: null } })
  const [days] = await conn
    .collection('barometerdays')
    .aggregate<{ total: number; sentiments: number }>([
      {
        $group: {
          _id: null,
          total: { $sum: '$total' },
          sentiments: { $sum: { $add: ['$positive', '$neutral', '$negative'] } },
        },
      },
    ])
    .toArray()
  const barometerLost = counted - (days?.total ?? 0)
  console.error(`${counted} comments counted, day counters ${days?.total} (sentiments ${days?.sentiments})`)

  // The ceiling: the same batches (and resends) at a bare endpoint that checks the signature and
  // inserts the body into the same store, from a process of its own like the web server.
  // The ceiling is served like the web process (a process of its own, same client). Fanfare's
  // acks were taken with the worker applying events beside the web process, as in production;
  // by now the worker is idle, so the ratio includes what the worker's CPU costs the acks.
  const ceiling = await serve('ceiling-server.ts', ['webhook'], {
    MONGODB_URI: db.toString(),
    FACEBOOK_APP_SECRET: APP_SECRET,
  })
  const ceilingUrl = ceiling.url
  const appAcks = acks.splice(0)
  const failedBefore = failedPosts
  for (const batch of warmUp) await send(batch, ceilingUrl)
  acks.splice(0)
  const ceilingStarted = performance.now()
  let nextCeiling = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextCeiling < batches.length) {
        const index = nextCeiling++
        const batch = batches[index] as (typeof batches)[number]
        await send(batch, ceilingUrl)
        if (index % RESEND_EVERY === 0) await send(batch, ceilingUrl)
      }
    }),
  )
  const ceilingSeconds = (performance.now() - ceilingStarted) / 1000
  const ceilingAcks = acks.splice(0)
  if (failedPosts > failedBefore)
    throw new Error(`the ceiling endpoint refused ${failedPosts - failedBefore} posts`)
  console.error(
    `ceiling: acked in ${ceilingSeconds.toFixed(2)} s, ack p50 ${quantile(ceilingAcks, 0.5).toFixed(1)} ms, p99 ${quantile(ceilingAcks, 0.99).toFixed(1)} ms`,
  )
  acks.push(...appAcks)

  const seconds = (appliedAt - startedAt) / 1000
  const ackSeconds = (ackedAt - startedAt) / 1000
  const ceilingPerS = EVENTS / ceilingSeconds
  console.error(
    `${batches.length} batches of ${BATCH} (+${Math.ceil(batches.length / RESEND_EVERY)} resent), ` +
      `acked in ${((ackedAt - startedAt) / 1000).toFixed(2)} s, applied in ${seconds.toFixed(2)} s, ` +
      `ack p50 ${quantile(acks, 0.5).toFixed(1)} ms, ${failedPosts} non-2xx, ${lags.length} lag samples`,
  )
  console.log(
    JSON.stringify({
      bench: 'comments',
      store,
      events: EVENTS,
      /** applied: acknowledged, stored as comments, classified and counted */
      events_per_s: Math.round(stored / seconds),
      acked_events_per_s: Math.round(EVENTS / ackSeconds),
      ack_p99_ms: Math.round(quantile(acks, 0.99) * 10) / 10,
      inbox_lag_p95_ms: Math.round(quantile(lags, 0.95)),
      lost: expected - unique,
      duplicates: docs.length - unique,
      barometer_lost: barometerLost,
      ceiling_events_per_s: Math.round(ceilingPerS),
      ceiling_ack_p99_ms: Math.round(quantile(ceilingAcks, 0.99) * 10) / 10,
      ratio: Math.round((stored / seconds / ceilingPerS) * 100) / 100,
      ack_ratio: Math.round((EVENTS / ackSeconds / ceilingPerS) * 100) / 100,
      /** CPU ms per 1,000 events over the measured run (polling for the figures included) */
      web_cpu_ms_per_1k: Math.round((cpu.web / EVENTS) * 1000),
      worker_cpu_ms_per_1k: Math.round((cpu.worker / EVENTS) * 1000),
      /** the embedded store's, when this benchmark started it (else 0) */
      store_cpu_ms_per_1k: Math.round((cpu.store / EVENTS) * 1000),
      load: loadAverage(),
    }),
  )
  await ceiling.stop()
})
