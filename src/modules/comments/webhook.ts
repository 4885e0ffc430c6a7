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

/** A comment change as Fanfare stores and applies it: always timed, always with `from` when Meta says who. */
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

/**
 * A comment change as Meta sends it. Real payloads omit `created_time` and `message` on `remove`
 * (restfb's recorded feed-comment-remove-25.json), and older ones name the author with a numeric
 * `sender_id` and `sender_name` instead of `from`. Other items (posts, reactions) are skipped.
 */
const WireCommentChange = CommentChange.extend({
  created_time: z.number().int().nonnegative().optional(),
  sender_id: z.union([z.string().max(100), z.number().int().nonnegative()]).optional(),
  sender_name: z.string().max(300).optional(),
})

const Change = z.object({ field: z.string(), value: z.unknown() })
export const WebhookPayload = z.object({
  object: z.string(),
  entry: z
    .array(
      z.object({
        id: z.string().max(100),
        time: z.number().int().nonnegative().optional(),
        changes: z.array(Change).optional(),
      }),
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
      const parsed = WireCommentChange.safeParse(change.value)
      if (!parsed.success) continue
      const { sender_id, sender_name, ...wire } = parsed.data
      const from =
        wire.from ?? (sender_id === undefined ? undefined : { id: String(sender_id), name: sender_name })
      // An untimed change (remove) takes the time Meta sent it; its key leaves the time out, so a
      // retry sent later maps to the same event.
      const timed: CommentChange = {
        ...wire,
        created_time: wire.created_time ?? entry.time ?? Math.floor(Date.now() / 1000),
        ...(from ? { from } : {}),
      }
      events.push({
        key: eventKey(entry.id, { ...timed, created_time: wire.created_time }),
        facebookPageId: entry.id,
        change: timed,
      })
    }
  }
  return events
}

/**
 * How many comment changes a delivery holds, as the acknowledgement needs it: the parsed JSON is
 * not validated or keyed here (the worker's WebhookPayload and commentEventsOf do that once, and
 * skip what is malformed), so the answer to Meta costs a pass over the envelope and no more.
 * Anything not shaped like a page delivery counts 0.
 */
export function countCommentChanges(payload: unknown): number {
  const { object, entry } = (payload ?? {}) as { object?: unknown; entry?: unknown }
  if (object !== 'page' || !Array.isArray(entry)) return 0
  let count = 0
  for (const item of entry) {
    const changes = (item as { changes?: unknown } | null)?.changes
    if (!Array.isArray(changes)) continue
    for (const change of changes) {
      const { field, value } = (change ?? {}) as { field?: unknown; value?: { item?: unknown } | null }
      if (field === 'feed' && value?.item === 'comment') count += 1
    }
  }
  return count
}

export function eventKey(
  facebookPageId: string,
  change: Omit<CommentChange, 'created_time'> & { created_time?: number },
): string {
  const canonical = JSON.stringify([
    facebookPageId,
    change.comment_id,
    change.verb,
    change.created_time ?? null,
    change.message ?? null,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}
