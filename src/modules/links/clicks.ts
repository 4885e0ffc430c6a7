// Following a tracked link: find where it goes (from memory, else the store), count a person's
// click, never wait on Redis or the worker. Clicks are gathered in memory for a moment and written
// in one bulk write: one round trip instead of one per redirect, and one upsert per link, day and
// visitor however often they clicked, which keeps the store's work off the redirect's p99.
import type { FastifyBaseLogger } from 'fastify'
import type { ClickCount, LinkRepository, TrackedLink } from './repository.js'
import { type ClickRequest, createVisitorHasher, notAClick, utcDay } from './visitors.js'

/** Links never change once made, so the ones recently followed are kept in memory. */
const CACHE_SIZE = 10_000
/** How long clicks are gathered before they are written (the report lags by about this much). */
const FLUSH_MS = 100
/** Counts (link × day × visitor) held in memory at most; beyond it a redirect waits for a write. */
const MAX_HELD = 20_000
/** Counts held after failed writes (store away) at most; clicks beyond it are dropped and logged. */
const MAX_RETAINED = 100_000

export function createClicks(deps: {
  repo: LinkRepository
  secretKey: Buffer
  log: FastifyBaseLogger
  flushMs?: number
}) {
  const { repo, log } = deps
  const flushMs = deps.flushMs ?? FLUSH_MS
  const visitorOf = createVisitorHasher(deps.secretKey)
  const cache = new Map<string, TrackedLink>()
  let held = new Map<string, ClickCount>()
  let timer: NodeJS.Timeout | null = null
  let writing: Promise<void> | null = null

  async function find(code: string): Promise<TrackedLink | null> {
    const hit = cache.get(code)
    if (hit) return hit
    const link = await repo.byCode(code)
    if (link) {
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string)
      cache.set(code, link)
    }
    return link
  }

  function add(count: ClickCount) {
    const key = `${count.code}|${count.day}|${count.visitor}`
    const same = held.get(key)
    if (!same) held.set(key, count)
    else {
      same.n += count.n
      if (count.first < same.first) same.first = count.first
      if (count.last > same.last) same.last = count.last
    }
  }

  /** Writes what is held now; clicks arriving meanwhile wait for the next write. */
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    if (writing) return writing
    if (held.size === 0) return Promise.resolve()
    const batch = [...held.values()]
    held = new Map()
    writing = repo
      .countClicks(batch)
      .then(
        (refused) => refused.map((i) => batch[i] as ClickCount),
        (err: Error) => {
          log.warn({ err: err.message, clicks: batch.length }, 'clicks could not be stored; trying again')
          return batch
        },
      )
      .then((again) => {
        if (again.length === 0) return
        if (held.size + again.length > MAX_RETAINED) {
          log.error({ dropped: again.length }, 'too many clicks waiting for the store; dropped')
          return
        }
        for (const count of again) add(count)
      })
      .finally(() => {
        writing = null
        if (held.size > 0) schedule()
      })
    return writing
  }

  function schedule() {
    timer ??= setTimeout(() => void flush(), flushMs)
    timer.unref()
  }

  function count(code: string, req: ClickRequest): Promise<void> | null {
    const at = new Date()
    const day = utcDay(at)
    add({ code, day, visitor: visitorOf(day, req.ip, req.userAgent ?? ''), n: 1, first: at, last: at })
    // Back-pressure: when the store falls far behind, the redirect waits for a write.
    if (held.size >= MAX_HELD) return flush()
    schedule()
    return null
  }

  return {
    /** Writes every click held (the web process waits for it on close). */
    async drain(): Promise<void> {
      // A write in progress, then what arrived during it; a failing store gets one more try.
      for (let tries = 0; tries < 3 && (writing || held.size > 0); tries++) {
        await flush()
        await flush()
      }
      if (timer) clearTimeout(timer)
      timer = null
    },

    /** Where the link goes, or null for an unknown code; counts the click when a person made it. */
    async follow(code: string, req: ClickRequest): Promise<{ url: string; counted: boolean } | null> {
      const link = await find(code)
      if (!link) return null
      if (notAClick(req)) return { url: link.url, counted: false }
      const waiting = count(code, req)
      if (waiting) await waiting
      return { url: link.url, counted: true }
    },
  }
}

export type Clicks = ReturnType<typeof createClicks>
