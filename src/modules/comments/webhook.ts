// Meta's page webhook: the X-Hub-Signature-256 check over the raw bytes and the feed payload's shape.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/** True when `header` is `sha256=<hex HMAC-SHA256 of rawBody with appSecret>`, compared in constant time. */
export function hasValidSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false
  const given = Buffer.from(header.slice('sha256='.length), 'utf8')
  const expected = Buffer.from(createHmac('sha256', appSecret).update(rawBody).digest('hex'), 'utf8')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** A comment change of the feed field; other items (posts, reactions) are not comments and are skipped. */
export const CommentChange = z.object({
  item: z.literal('comment'),
  verb: z.string().max(20),
  created_time: z.number().int().nonnegative(),
  post_id: z.string().min(1).max(100),
  comment_id: z.string().min(1).max(100),
  parent_id: z.string().max(100).optional(),
  message: z.string().max(20_000).optional(),
  from: z.object({ id: z.string().max(100), name: z.string().max(300).optional() }).optional(),
})
export type CommentChange = z.infer<typeof CommentChange>

const Change = z.object({ field: z.string(), value: z.unknown() })
export const WebhookPayload = z.object({
  object: z.string(),
  entry: z
    .array(
      z.object({ id: z.string().max(100), time: z.number().optional(), changes: z.array(Change).optional() }),
    )
    .max(1000),
})

export type FeedEvent = { key: string; facebookPageId: string; change: CommentChange }

/**
 * The comment changes of a delivery. The key hashes the page and the change itself, so Meta's
 * retries of a delivery (same changes, maybe in another batch) map to the same keys.
 */
export function commentEventsOf(payload: z.infer<typeof WebhookPayload>): FeedEvent[] {
  if (payload.object !== 'page') return []
  const events: FeedEvent[] = []
  for (const entry of payload.entry) {
    for (const change of entry.changes ?? []) {
      if (change.field !== 'feed') continue
      const parsed = CommentChange.safeParse(change.value)
      if (!parsed.success) continue
      events.push({ key: eventKey(entry.id, parsed.data), facebookPageId: entry.id, change: parsed.data })
    }
  }
  return events
}

export function eventKey(facebookPageId: string, change: CommentChange): string {
  const canonical = JSON.stringify([
    facebookPageId,
    change.comment_id,
    change.verb,
    change.created_time,
    change.message ?? null,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}
