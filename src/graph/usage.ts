// Usage back-off: reads X-App-Usage / X-Business-Use-Case-Usage on every answer and, above the
// threshold, holds further calls for the app or page for a while. In-process, small, inspectable.

export interface UsageBackoffOptions {
  /** percent (any of call_count / total_time / total_cputime) from which calls are delayed */
  threshold: number
  /** delay just above the threshold */
  minDelayMs: number
  /** delay at 100% when Graph gives no estimated_time_to_regain_access */
  maxDelayMs: number
  now?: () => number
}

export interface UsageEntry {
  /** "app" or "page:{id}" */
  key: string
  callCount: number
  totalTime: number
  totalCputime: number
  estimatedMinutes: number
  /** epoch ms until which calls wait; 0 when not blocked */
  blockedUntil: number
  updatedAt: number
}

interface HeaderSource {
  get(name: string): string | null
}

const APP_KEY = 'app'

export function pageKey(pageId: string): string {
  return `page:${pageId}`
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function parseJson(raw: string | null): unknown {
  if (!raw) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

export class UsageBackoff {
  private entries = new Map<string, UsageEntry>()
  /** token fingerprint → page ids the token's BUC header reported */
  private tokenPages = new Map<string, string[]>()
  private readonly now: () => number

  constructor(private readonly options: UsageBackoffOptions) {
    this.now = options.now ?? Date.now
  }

  /** Reads the usage headers of an answer; `tokenKey` links a page token to its page. */
  observe(headers: HeaderSource, tokenKey?: string): void {
    const app = parseJson(headers.get('x-app-usage')) as Record<string, unknown> | undefined
    if (app && typeof app === 'object') this.record(APP_KEY, app, 0)
    const buc = parseJson(headers.get('x-business-use-case-usage'))
    if (!buc || typeof buc !== 'object') return
    const pageIds: string[] = []
    for (const [businessId, list] of Object.entries(buc as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue
      pageIds.push(businessId)
      // one object can report several use-case types: keep the worst
      let worst: Record<string, unknown> | undefined
      for (const item of list as Record<string, unknown>[]) {
        if (!worst || this.level(item) > this.level(worst)) worst = item
      }
      if (worst) this.record(pageKey(businessId), worst, numberOf(worst.estimated_time_to_regain_access))
    }
    if (tokenKey && pageIds.length > 0) this.tokenPages.set(tokenKey, pageIds)
  }

  private level(usage: Record<string, unknown>): number {
    return Math.max(numberOf(usage.call_count), numberOf(usage.total_time), numberOf(usage.total_cputime))
  }

  private record(key: string, usage: Record<string, unknown>, estimatedMinutes: number): void {
    const now = this.now()
    const previous = this.entries.get(key)
    const entry: UsageEntry = {
      key,
      callCount: numberOf(usage.call_count),
      totalTime: numberOf(usage.total_time),
      totalCputime: numberOf(usage.total_cputime),
      estimatedMinutes,
      blockedUntil: previous && previous.blockedUntil > now ? previous.blockedUntil : 0,
      updatedAt: now,
    }
    const level = this.level(usage)
    const { threshold, minDelayMs, maxDelayMs } = this.options
    if (estimatedMinutes > 0 || level >= threshold) {
      const ratio = Math.min(1, Math.max(0, (level - threshold) / Math.max(1, 100 - threshold)))
      const delay =
        estimatedMinutes > 0 ? estimatedMinutes * 60_000 : minDelayMs + ratio * (maxDelayMs - minDelayMs)
      entry.blockedUntil = Math.max(entry.blockedUntil, now + delay)
    }
    this.entries.set(key, entry)
  }

  /** Holds calls for `key` for `ms` (after a rate-limit error). */
  block(key: string, ms: number): void {
    const now = this.now()
    const entry = this.entries.get(key) ?? {
      key,
      callCount: 0,
      totalTime: 0,
      totalCputime: 0,
      estimatedMinutes: 0,
      blockedUntil: 0,
      updatedAt: now,
    }
    entry.blockedUntil = Math.max(entry.blockedUntil, now + ms)
    this.entries.set(key, entry)
  }

  /** The keys a call touches: the app, plus the page (given, or learned from the token). */
  keysFor(tokenKey: string | undefined, pageId: string | undefined): string[] {
    const keys = [APP_KEY]
    if (pageId) keys.push(pageKey(pageId))
    for (const id of (tokenKey && this.tokenPages.get(tokenKey)) || []) keys.push(pageKey(id))
    return keys
  }

  pagesOfToken(tokenKey: string | undefined): string[] {
    return (tokenKey && this.tokenPages.get(tokenKey)) || []
  }

  /** How long a call touching these keys must still wait, in ms (0 = go). */
  waitFor(keys: string[]): { waitMs: number; key?: string } {
    const now = this.now()
    let waitMs = 0
    let key: string | undefined
    for (const candidate of keys) {
      const blockedUntil = this.entries.get(candidate)?.blockedUntil ?? 0
      if (blockedUntil - now > waitMs) {
        waitMs = blockedUntil - now
        key = candidate
      }
    }
    return { waitMs, key }
  }

  snapshot(): UsageEntry[] {
    return [...this.entries.values()].map((entry) => ({ ...entry }))
  }

  clear(): void {
    this.entries.clear()
    this.tokenPages.clear()
  }
}

export { APP_KEY }
