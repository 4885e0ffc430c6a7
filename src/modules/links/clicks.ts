// Following a tracked link: find where it goes (from memory, else the store), count a person's
// click with one upsert, never wait on Redis or the worker.
import type { FastifyBaseLogger } from 'fastify'
import type { LinkRepository, TrackedLink } from './repository.js'
import { type ClickRequest, createVisitorHasher, notAClick, utcDay } from './visitors.js'

/** Links never change once made, so the ones recently followed are kept in memory. */
const CACHE_SIZE = 10_000
/** Clicks being written at once before a redirect waits for its own write (back-pressure). */
const MAX_PENDING_WRITES = 500

export function createClicks(deps: { repo: LinkRepository; secretKey: Buffer; log: FastifyBaseLogger }) {
  const { repo, log } = deps
  const visitorOf = createVisitorHasher(deps.secretKey)
  const cache = new Map<string, TrackedLink>()
  let pending = 0
  const drained: Array<() => void> = []

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

  function count(code: string, req: ClickRequest): Promise<void> | null {
    const at = new Date()
    const day = utcDay(at)
    pending++
    const write = repo
      .countClick(code, day, visitorOf(day, req.ip, req.userAgent ?? ''), at)
      .catch((err: Error) => log.warn({ err: err.message, code }, 'a click could not be counted'))
      .finally(() => {
        pending--
        if (pending === 0) for (const resolve of drained.splice(0)) resolve()
      })
    return pending > MAX_PENDING_WRITES ? write : null
  }

  return {
    /** Resolves once every click being written is stored (the web process waits for it on close). */
    drain: (): Promise<void> =>
      pending === 0 ? Promise.resolve() : new Promise((resolve) => drained.push(resolve)),

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
