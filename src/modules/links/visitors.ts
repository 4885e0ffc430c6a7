// Who clicked, as far as counting needs: people only (bots, link previews and prefetches are not
// clicks), and a visitor id that cannot be turned back into an address.
import { createHmac, hkdfSync } from 'node:crypto'
import { isbot } from 'isbot'

export type ClickRequest = {
  method: string
  userAgent: string | undefined
  /** `Purpose` / `Sec-Purpose` headers: browsers send `prefetch` (or `prefetch;prerender`). */
  purpose: string | undefined
  ip: string
}

/** User agents recently judged (isbot's one large pattern costs a few µs a call, browsers repeat). */
const judged = new Map<string, boolean>()
const JUDGED_SIZE = 2_000
function looksLikeBot(userAgent: string): boolean {
  let bot = judged.get(userAgent)
  if (bot === undefined) {
    bot = isbot(userAgent)
    if (judged.size >= JUDGED_SIZE) judged.delete(judged.keys().next().value as string)
    judged.set(userAgent, bot)
  }
  return bot
}

/** Why a request is not a person's click, or null when it is one. */
export function notAClick(req: ClickRequest): 'head' | 'prefetch' | 'bot' | null {
  if (req.method !== 'GET') return 'head'
  if (req.purpose && /prefetch|prerender|preview/i.test(req.purpose)) return 'prefetch'
  // isbot's pattern list is kept up to date with crawlers, link unfurlers and headless browsers.
  if (!req.userAgent || looksLikeBot(req.userAgent)) return 'bot'
  return null
}

/** UTC day of a time, `2026-12-02`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10)

/**
 * The visitor id for one day: HMAC of address and browser under a key derived from the secret and
 * the day. The key is never stored, so the id cannot be reversed or matched across days.
 */
export function createVisitorHasher(secretKey: Buffer) {
  const keys = new Map<string, Buffer>()
  const keyOf = (day: string) => {
    let key = keys.get(day)
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `fanfare link visitors ${day}`, 32))
      keys.clear()
      keys.set(day, key)
    }
    return key
  }
  return (day: string, ip: string, userAgent: string): string =>
    createHmac('sha256', keyOf(day))
      .update(ip)
      .update('\n')
      .update(userAgent)
      .digest('base64url')
      .slice(0, 22)
}
