// What every benchmark needs around it: Redis and a MongoDB-compatible store (REDIS_URL /
// MONGODB_URI when set, else throwaway local ones), always stopped again — when the benchmark
// returns, throws, or is interrupted — and web servers in processes of their own, so the load
// generator (this process) never shares an event loop with the server it measures, and a ceiling
// runs in exactly the same harness as Fanfare.
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { freePort, startMongo, startRedis } from '../scripts/services.mjs'

export type Services = {
  redisUrl: string
  /** The store's base address; give each benchmark a database of its own with `database()`. */
  mongoUrl: string
  /** Which store answered, for the result line. */
  store: string
  /** The store's process when this benchmark started it and knows it (the embedded store), for its CPU time. */
  storePid: number | undefined
  dataDir: string
  /** `mongoUrl` with a fresh database name. */
  database(prefix: string): string
}

type Stoppable = { stop(): Promise<void> }

/** The 1-minute load average, rounded: figures mean little on shared cores without it. */
export const loadAverage = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100

/** Cleanups to run however the process ends, newest first. */
const cleanups: Array<() => Promise<void> | void> = []
let cleaning: Promise<void> | null = null
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup()
      } catch (err) {
        console.error(`bench clean-up: ${(err as Error).message}`)
      }
    }
  })()
  return cleaning
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping what it started`)
    void cleanUp().finally(() => process.exit(130))
  })
}

/** Runs `cleanup` when the benchmark ends (also on error or Ctrl+C). */
export function onEnd(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup)
}

/**
 * Runs `bench` with Redis and a store, and stops both (and everything registered with `onEnd`)
 * in `finally`. `ownRedis` starts a throwaway Redis even when REDIS_URL is set (a benchmark that
 * flushes it). Exits (1 on error) after cleaning up, so a failed benchmark leaves nothing running.
 */
export async function withServices(
  name: string,
  bench: (services: Services) => Promise<void>,
  opts: { ownRedis?: boolean; log?: (message: string) => void } = {},
): Promise<void> {
  const log = opts.log ?? ((message: string) => console.error(message))
  const dataDir = mkdtempSync(join(tmpdir(), `fanfare-bench-${name}-`))
  onEnd(() => rmSync(dataDir, { recursive: true, force: true }))
  try {
    let redisUrl = opts.ownRedis ? undefined : process.env.REDIS_URL
    if (!redisUrl) {
      const redis: Stoppable & { url: string } = await startRedis({ dataDir: join(dataDir, 'redis') })
      onEnd(() => redis.stop())
      redisUrl = redis.url
    }
    let mongoUrl = process.env.MONGODB_URI
    let store = 'MONGODB_URI'
    let storePid: number | undefined
    if (!mongoUrl) {
      const mongo: Stoppable & { url: string; kind: string; pid?: number } = await startMongo({
        dataDir,
        log,
      })
      onEnd(() => mongo.stop())
      mongoUrl = mongo.url
      store = mongo.kind
      storePid = mongo.pid
    }
    log(`store: ${store}; redis at ${redisUrl}; load ${loadAverage()}`)
    const base = mongoUrl
    await bench({
      redisUrl,
      mongoUrl: base,
      store,
      storePid,
      dataDir,
      database(prefix: string) {
        const url = new URL(base)
        url.pathname = `/${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
        return url.toString()
      },
    })
  } catch (err) {
    console.error(err)
    process.exitCode = 1
  } finally {
    await cleanUp()
  }
  // A forgotten timer or socket must not keep a finished benchmark (and the shell) waiting.
  process.exit(process.exitCode ?? 0)
}

export type ServerProcess = {
  port: number
  url: string
  child: ChildProcess
  /** Asks the process to close (it reports what it measured), then waits for it to exit. */
  stop(): Promise<Record<string, unknown>>
}

/**
 * Starts `entry` (a bench/*-server.ts) through fork() with FANFARE_BENCH_ENV = `env` and waits for
 * the port it reports. The process must answer the message 'done' with a report and then exit.
 */
export async function serve(
  entry: string,
  args: string[],
  env: Record<string, string>,
  opts: { execArgv?: string[] } = {},
): Promise<ServerProcess> {
  // BENCH_CPU_PROF=DIR writes a CPU profile of every server process into DIR when it exits.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : []
  const child = fork(join(import.meta.dirname, entry), args, {
    env: { ...process.env, FANFARE_BENCH_ENV: JSON.stringify(env) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...(opts.execArgv ?? process.execArgv), ...profile],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  onEnd(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGKILL')
    await exited
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port))
    child.once('exit', (code) => reject(new Error(`${entry} ${args.join(' ')} exited with ${code}`)))
  })
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode !== null) return {}
      const report = new Promise<Record<string, unknown>>((resolve) =>
        child.once('message', (m) => resolve(m as Record<string, unknown>)),
      )
      child.send('done')
      const answer = await Promise.race([report, exited.then(() => ({}))])
      await exited
      return answer
    },
  }
}

/** A TCP port nobody listens on right now. */
export const freeTcpPort = (): Promise<number> => freePort()
