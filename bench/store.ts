// The embedded store's own figures: acknowledged writes lost under kill -9 (durable backend),
// insert rate in memory vs durable, and restart time with data.
// Usage: npx tsx bench/store.ts [--rounds 5] [--inserters 16] [--seconds 10] [--restart-docs 20000]
// Last line: {"bench":"store","kill9_rounds":[…],"kill9_lost":…,"insert_ops_s":{…},"restart_ms":{…}}
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { startEmbeddedStore } from '../scripts/services.mjs'

type Store = { url: string; kind: string; pid: number; stop(): Promise<void> }

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    inserters: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    'restart-docs': { type: 'string', default: '20000' },
  },
})
const ROUNDS = Number(args.rounds)
const INSERTERS = Number(args.inserters)
const SECONDS = Number(args.seconds)
const RESTART_DOCS = Number(args['restart-docs'])
const log = (message: string) => console.error(`[bench] ${message}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const { MongoClient } = mongoose.mongo

type Doc = { _id: string; k: string; n: number; text: string; at: Date }
const doc = (id: string, n: number): Doc => ({ _id: id, k: id, n, text: 'x'.repeat(200), at: new Date() })

async function open(store: Store) {
  const client = new MongoClient(store.url, {
    directConnection: true,
    maxPoolSize: INSERTERS,
    serverSelectionTimeoutMS: 3000,
  })
  await client.connect()
  const col = client.db('bench').collection<Doc>('items')
  // A unique index, so each insert writes the document and an index entry (two H2 maps).
  await col.createIndex({ k: 1 }, { unique: true })
  return { client, col }
}

/** INSERTERS loops insert one document at a time until `until()`; returns the acknowledged ids. */
async function insertLoop(col: mongoose.mongo.Collection<Doc>, prefix: string, until: () => boolean) {
  const acked: string[] = []
  await Promise.all(
    Array.from({ length: INSERTERS }, async (_, w) => {
      for (let i = 0; !until(); i++) {
        const id = `${prefix}-${w}-${i}`
        try {
          await col.insertOne(doc(id, i))
          acked.push(id)
        } catch {
          return // the store went away
        }
      }
    }),
  )
  return acked
}

/** One round: insert, kill -9 the store mid-run, restart it, count acknowledged ids missing. */
async function killRound(dataDir: string, round: number) {
  const store: Store = await startEmbeddedStore({ dataDir, durable: true })
  const { client, col } = await open(store)
  let killed = false
  const killAfter = 1000 + Math.floor(Math.random() * 2000)
  const killer = sleep(killAfter).then(() => {
    process.kill(store.pid, 'SIGKILL')
    killed = true
  })
  const acked = await insertLoop(col, `r${round}`, () => killed)
  await killer
  await client.close(true).catch(() => {})
  await store.stop()
  const t0 = Date.now()
  const again: Store = await startEmbeddedStore({ dataDir, durable: true })
  const restartMs = Date.now() - t0
  const reopened = await open(again)
  const found = new Set(
    (await reopened.col.find({ _id: { $in: acked } }, { projection: { _id: 1 } }).toArray()).map(
      (d) => d._id,
    ),
  )
  const lost = acked.filter((id) => !found.has(id)).length
  // Through the unique index too: a document without its index entry would be a torn insert.
  const byIndex = await reopened.col.countDocuments({ k: { $in: acked } })
  const total = await reopened.col.countDocuments({})
  await reopened.client.close()
  await again.stop()
  log(`round ${round}: killed after ${killAfter} ms, ${acked.length} acknowledged, ${lost} lost`)
  return {
    acked: acked.length,
    lost,
    found_by_index: byIndex,
    total_docs: total,
    restart_after_kill_ms: restartMs,
  }
}

async function insertRate(durable: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-store-bench-'))
  const store: Store = await startEmbeddedStore({ dataDir, durable })
  const { client, col } = await open(store)
  await insertLoop(
    col,
    'warm',
    (
      (end) => () =>
        Date.now() > end
    )(Date.now() + 2000),
  )
  const t0 = Date.now()
  const end = t0 + SECONDS * 1000
  const acked = await insertLoop(col, 'run', () => Date.now() > end)
  const opsPerS = Math.round(acked.length / ((Date.now() - t0) / 1000))
  await client.close()
  await store.stop()
  rmSync(dataDir, { recursive: true, force: true })
  log(`${store.kind}: ${opsPerS} inserts/s with ${INSERTERS} in flight`)
  return opsPerS
}

async function restartTimes() {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-store-bench-'))
  const store: Store = await startEmbeddedStore({ dataDir, durable: true })
  const { client, col } = await open(store)
  for (let i = 0; i < RESTART_DOCS; i += 1000) {
    await col.insertMany(
      Array.from({ length: Math.min(1000, RESTART_DOCS - i) }, (_, k) => doc(`d${i + k}`, i + k)),
    )
  }
  await client.close()
  let t0 = Date.now()
  await store.stop()
  const stopMs = Date.now() - t0
  t0 = Date.now()
  const clean: Store = await startEmbeddedStore({ dataDir, durable: true })
  const afterStopMs = Date.now() - t0
  process.kill(clean.pid, 'SIGKILL')
  await clean.stop()
  t0 = Date.now()
  const recovered: Store = await startEmbeddedStore({ dataDir, durable: true })
  const afterKillMs = Date.now() - t0
  const check = await open(recovered)
  const count = await check.col.countDocuments({})
  await check.client.close()
  await recovered.stop()
  rmSync(dataDir, { recursive: true, force: true })
  log(`${count} docs: stop ${stopMs} ms, start after stop ${afterStopMs} ms, after kill -9 ${afterKillMs} ms`)
  return { docs: count, stop_ms: stopMs, start_after_stop_ms: afterStopMs, start_after_kill_ms: afterKillMs }
}

async function main() {
  // Compile and fetch first, so no round includes that.
  const warm: Store = await startEmbeddedStore({ dataDir: tmpdir(), durable: false, log })
  await warm.stop()
  const rounds = []
  for (let r = 1; r <= ROUNDS; r++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-store-kill-'))
    rounds.push(await killRound(dataDir, r))
    rmSync(dataDir, { recursive: true, force: true })
  }
  const memory = await insertRate(false)
  const durable = await insertRate(true)
  const restart = await restartTimes()
  console.log(
    JSON.stringify({
      bench: 'store',
      inserters: INSERTERS,
      kill9_rounds: rounds,
      kill9_acked: rounds.reduce((n, r) => n + r.acked, 0),
      kill9_lost: rounds.reduce((n, r) => n + r.lost, 0),
      insert_ops_s: { memory, durable, ratio: Number((durable / memory).toFixed(2)) },
      restart_ms: restart,
    }),
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
