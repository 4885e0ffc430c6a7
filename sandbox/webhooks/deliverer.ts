// Sends page feed changes to the app's callback like Meta: batched, signed with the app secret
// (X-Hub-Signature-256 over the exact body), retried on failure with decreasing frequency.
import { createHmac } from 'node:crypto'
import type { AppSubscription } from '../model.js'

export interface FeedChangeValue {
  item: 'comment'
  verb: 'add' | 'edited' | 'remove' | 'hide' | 'unhide'
  /** absent on remove, as Meta sends it */
  created_time?: number
  post_id: string
  comment_id: string
  parent_id: string
  message?: string
  from: { id: string; name: string }
}

export interface DeliveryAttempt {
  at: string
  status?: number
  error?: string
}

export interface Delivery {
  id: number
  state: 'pending' | 'delivered' | 'failed' | 'dropped'
  body: string
  changes: number
  attempts: DeliveryAttempt[]
  nextAttemptAt?: string
}

/** Meta retries "immediately, then a few more times with decreasing frequency over the next 36 hours". */
export const META_RETRY_DELAYS_MS = [
  0,
  60_000,
  5 * 60_000,
  30 * 60_000,
  3 * 3600_000,
  12 * 3600_000,
  20 * 3600_000,
]

export interface DelivererOptions {
  appSecret: string
  subscription: () => AppSubscription | undefined
  retryDelaysMs?: number[]
  /** changes arriving within this window go out in one POST */
  batchWindowMs?: number
  timeoutMs?: number
  maxLogSize?: number
  log?: (message: string, details: Record<string, unknown>) => void
}

/**
 * JSON as Meta sends webhook bodies: every non-ASCII character as a lowercase \\uXXXX escape (UTF-16
 * units, so an emoji is a surrogate pair) and "/" as "\\/". Meta signs these exact bytes.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/')
}

export function signBody(body: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`
}

export class WebhookDeliverer {
  private pending = new Map<string, FeedChangeValue[]>()
  private flushTimer: NodeJS.Timeout | undefined
  private retryTimers = new Map<number, NodeJS.Timeout>()
  private inFlight = new Set<Promise<void>>()
  private log: Delivery[] = []
  private nextId = 1
  private closed = false
  /** the next N deliveries are lost for good (to test backfill) */
  dropNext = 0
  /** the next N attempts fail as if the callback answered 500 (to test retries) */
  failNext = 0
  retryDelaysMs: number[]

  constructor(private readonly options: DelivererOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? META_RETRY_DELAYS_MS
  }

  enqueue(pageId: string, change: FeedChangeValue): void {
    if (this.closed) return
    const changes = this.pending.get(pageId) ?? []
    changes.push(change)
    this.pending.set(pageId, changes)
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchWindowMs ?? 10)
  }

  deliveries(): Delivery[] {
    return this.log
  }

  clearLog(): void {
    this.log = []
  }

  /** Sends pending changes now; resolves when the first attempt of each delivery is done. */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    if (this.pending.size === 0) return
    const byPage = [...this.pending.entries()]
    this.pending.clear()
    const time = Math.floor(Date.now() / 1000)
    // at most 1000 changes per POST, as Meta documents; one entry per page within a POST
    const all = byPage.flatMap(([pageId, changes]) => changes.map((value) => ({ pageId, value })))
    const sends: Promise<void>[] = []
    for (let offset = 0; offset < all.length; offset += 1000) {
      const entries = new Map<
        string,
        { id: string; time: number; changes: { field: 'feed'; value: FeedChangeValue }[] }
      >()
      const chunk = all.slice(offset, offset + 1000)
      for (const { pageId, value } of chunk) {
        let entry = entries.get(pageId)
        if (!entry) {
          entry = { id: pageId, time, changes: [] }
          entries.set(pageId, entry)
        }
        entry.changes.push({ field: 'feed', value })
      }
      sends.push(this.start([...entries.values()], chunk.length))
    }
    await Promise.all(sends)
  }

  private start(entry: unknown[], changes: number): Promise<void> {
    const delivery: Delivery = {
      id: this.nextId++,
      state: 'pending',
      body: metaJson({ object: 'page', entry }),
      changes,
      attempts: [],
    }
    this.log.push(delivery)
    if (this.log.length > (this.options.maxLogSize ?? 1000)) this.log.shift()
    if (this.dropNext > 0) {
      this.dropNext -= 1
      delivery.state = 'dropped'
      return Promise.resolve()
    }
    return this.attempt(delivery)
  }

  private attempt(delivery: Delivery): Promise<void> {
    const run = this.send(delivery).finally(() => this.inFlight.delete(run))
    this.inFlight.add(run)
    return run
  }

  private async send(delivery: Delivery): Promise<void> {
    this.retryTimers.delete(delivery.id)
    delivery.nextAttemptAt = undefined
    const subscription = this.options.subscription()
    const attempt: DeliveryAttempt = { at: new Date().toISOString() }
    delivery.attempts.push(attempt)
    if (!subscription?.active) {
      attempt.error = 'no active app subscription'
      delivery.state = 'failed'
      return
    }
    try {
      if (this.failNext > 0) {
        this.failNext -= 1
        attempt.status = 500
        attempt.error = 'failure injected by the sandbox'
      } else {
        const response = await fetch(subscription.callbackUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'facebookexternalua',
            'x-hub-signature-256': signBody(delivery.body, this.options.appSecret),
            'x-hub-signature': `sha1=${createHmac('sha1', this.options.appSecret).update(delivery.body).digest('hex')}`,
          },
          body: delivery.body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        })
        attempt.status = response.status
        await response.arrayBuffer().catch(() => undefined)
        if (response.ok) {
          delivery.state = 'delivered'
          return
        }
      }
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error)
    }
    this.scheduleRetry(delivery)
  }

  private scheduleRetry(delivery: Delivery): void {
    // attempts[0] was the first try; retryDelaysMs[i] is the wait before retry i+1
    const delay = this.retryDelaysMs[delivery.attempts.length - 1]
    if (delay === undefined || this.closed) {
      delivery.state = 'failed'
      this.options.log?.('webhook delivery given up', { id: delivery.id, attempts: delivery.attempts.length })
      return
    }
    delivery.nextAttemptAt = new Date(Date.now() + delay).toISOString()
    const timer = setTimeout(() => void this.attempt(delivery), delay)
    timer.unref()
    this.retryTimers.set(delivery.id, timer)
  }

  /** Retries every pending delivery right away (instead of waiting for its schedule). */
  async retryNow(): Promise<void> {
    const due = this.log.filter(
      (delivery) => delivery.state === 'pending' && this.retryTimers.has(delivery.id),
    )
    for (const delivery of due) clearTimeout(this.retryTimers.get(delivery.id))
    await Promise.all(due.map((delivery) => this.attempt(delivery)))
  }

  /** Waits until nothing is queued or in flight (retries scheduled for later do not count). */
  async idle(): Promise<void> {
    while (this.flushTimer || this.inFlight.size > 0) {
      if (this.flushTimer) await this.flush()
      await Promise.all([...this.inFlight])
    }
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    for (const timer of this.retryTimers.values()) clearTimeout(timer)
    this.retryTimers.clear()
    await Promise.allSettled([...this.inFlight])
  }
}
